// Runs once when a Gatehouse server starts. A bad configuration or access-profile file stops it here, naming the
// setting or the line and field at fault, instead of failing on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { ConfigError, getConfig } = await import("@/lib/config");
  const { AccessPolicyError } = await import("@/lib/access/parse-policy");
  const { publishAccessPolicyFile } = await import("@/lib/access/policy-store");
  try {
    getConfig();
    // Every instance decides from the copy stored in the database; the file as deployed with this instance wins.
    await publishAccessPolicyFile();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof AccessPolicyError) {
      console.error(error instanceof AccessPolicyError ? `Gatehouse cannot start: the access-profile file is invalid.\n${error.message}` : error.message);
      process.exit(1);
    }
    console.error("[gatehouse] could not store the access profiles at start-up; will retry on first use:", error);
  }
  // Keep the stored organization tree fresh (a sync now if it is missing or stale, then every interval).
  const { startOrgSyncSchedule } = await import("@/lib/org/schedule");
  startOrgSyncSchedule();
}
