import "server-only";
import { ConfigError, getConfig } from "@/lib/config";
import { AccessPolicyError } from "@/lib/access/parse-policy";
import { publishAccessPolicyFile } from "@/lib/access/policy-store";
import { startOrgSyncSchedule } from "@/lib/org/schedule";

/**
 * Start-up checks and jobs of a Gatehouse server (Node.js runtime). A bad configuration or access-profile file stops
 * the server here, naming the setting or the line and field at fault, instead of failing on the first request.
 */
export async function onServerStart(): Promise<void> {
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
  startOrgSyncSchedule();
}
