// The sessions page's data, shared by the server loader and the client table (plain types, no server-only).

export interface SessionRow {
  sessionId: string;
  userEmail: string;
  /** Started by the person looking at the page. */
  mine: boolean;
  accountId: string;
  accountName: string;
  region: string;
  instanceId: string;
  roleName: string;
  /** Port forwarding and SSH sessions: where they go ("localhost:5432", "SSH, port 22"); null for a shell. */
  forward: string | null;
  reason: string | null;
  startedAt: string;
  endedAt: string | null;
  /** Session Manager's status (Connected, Disconnected, Terminated, ...), or Gatehouse's last known one. */
  status: string;
  /** The status was read from DescribeSessions just now (false: AWS unreachable or no longer lists it). */
  statusFromAws: boolean;
  details: string | null;
  canTerminate: boolean;
}

export interface SessionListing {
  sessions: SessionRow[];
  /** Accounts/regions whose live status could not be read. */
  problems: { accountId: string; accountName: string; region: string; message: string }[];
  isAdmin: boolean;
  /** Showing everyone's sessions (administrators), not only the viewer's. */
  everyone: boolean;
}
