import "server-only";
import { syncOrganization, type SyncOptions } from "./sync";

// For the admin button: start a sync and answer as soon as it is recorded as running (or found already running),
// without holding the request open while AWS is read. The sync carries on in this process; its outcome lands on the
// OrgSync row, which any instance can report.

export type StartSyncResult = { started: true; syncId: string } | { started: false; runningSyncId: string | null };

export function startOrgSync(options: Omit<SyncOptions, "onStarted">): Promise<StartSyncResult> {
  return new Promise((resolve, reject) => {
    syncOrganization({ ...options, onStarted: (syncId) => resolve({ started: true, syncId }) }).then((result) => {
      if (result.status === "already-running") resolve({ started: false, runningSyncId: result.runningSyncId });
    }, reject);
  });
}
