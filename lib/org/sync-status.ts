import "server-only";
import type { OrgSyncInfo } from "./tree";

// The sync record as the browser sees it (dates as ISO strings), for the page header and the Sync now poll.

export type OrgSyncView = {
  id: string;
  status: string;
  trigger: string;
  triggeredBy: string | null;
  startedAt: string;
  finishedAt: string | null;
  apiCalls: number;
  accountCount: number;
  ouCount: number;
  error: string | null;
};

export type OrgSyncStatusView = { lastSync: OrgSyncView | null; lastSuccess: OrgSyncView | null };

export function toSyncView(info: OrgSyncInfo | null): OrgSyncView | null {
  if (!info) return null;
  return {
    id: info.id,
    status: info.status,
    trigger: info.trigger,
    triggeredBy: info.triggeredBy,
    startedAt: info.startedAt.toISOString(),
    finishedAt: info.finishedAt?.toISOString() ?? null,
    apiCalls: info.apiCalls,
    accountCount: info.accountCount,
    ouCount: info.ouCount,
    error: info.error,
  };
}
