import "server-only";
import { ConfigError, getConfig } from "@/lib/config";
import { AccessPolicyError } from "@/lib/access/parse-policy";
import { seedAccessPolicy } from "@/lib/access/policy-store";
import { closeDb } from "@/lib/db/client";
import { errorField, logger } from "@/lib/log/logger";
import { startOrgSyncSchedule } from "@/lib/org/schedule";
import { onShutdown } from "./lifecycle";

/**
 * Start-up checks and jobs of a Gatehouse server (Node.js runtime). A bad configuration or access-profile file stops
 * the server here, naming the setting or the line and field at fault, instead of failing on the first request.
 * What it starts is registered for the graceful shutdown (lifecycle.ts): the schedule first, the database pool last.
 */
export async function onServerStart(): Promise<void> {
  const log = logger("startup");
  try {
    getConfig();
    // Every instance decides from the stored profile versions; the file only seeds the first one (policy-store.ts).
    await seedAccessPolicy();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof AccessPolicyError) {
      log.fatal(error instanceof AccessPolicyError ? `Gatehouse cannot start: the access-profile file is invalid.\n${error.message}` : error.message);
      process.exit(1);
    }
    log.error({ err: errorField(error) }, "could not store the access profiles at start-up; will retry on first use");
  }
  // Keep the stored organization tree fresh (a sync now if it is missing or stale, then every interval).
  const schedule = startOrgSyncSchedule();
  onShutdown({ name: "organization sync schedule", phase: "schedules", stop: () => schedule.stop() });
  onShutdown({ name: "database pool", phase: "connections", stop: closeDb });
}
