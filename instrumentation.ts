// Runs once when a Gatehouse server starts: a bad configuration stops it here, naming the setting, instead of failing
// on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getConfig } = await import("@/lib/config");
  getConfig();
  // Keep the stored organization tree fresh (a sync now if it is missing or stale, then every interval).
  const { startOrgSyncSchedule } = await import("@/lib/org/schedule");
  startOrgSyncSchedule();
}
