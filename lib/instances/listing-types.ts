// The instance listing as the server returns it and the page shows it. Plain data (no server-only), so the client
// component can import the types and the filter helpers alongside.

export interface InstanceRow {
  accountId: string;
  accountName: string;
  region: string;
  instanceId: string;
  /** The Name tag; null when the instance has none (the page shows "(no Name tag)"). */
  name: string | null;
  pingStatus: string;
  /** "Ubuntu 24.04", "Amazon Linux 2023", or the platform type alone. */
  platform: string;
  platformType: string | null;
  agentVersion: string | null;
  ipAddress: string | null;
  computerName: string | null;
  resourceType: string | null;
  lastPingAt: string | null;
  tags: Record<string, string>;
  /** The granting profile asks for a reason before a shell. */
  requireReason: boolean;
  /** The target role shells on it are started as (and the console is opened as, for its Session Manager page). */
  roleName: string;
}

/** One account/region that could not be listed; the rest of the listing still stands. */
export interface ListingProblem {
  accountId: string;
  accountName: string;
  region: string;
  message: string;
  retryable: boolean;
  code?: string;
}

export interface InstanceListing {
  instances: InstanceRow[];
  problems: ListingProblem[];
  /** Accounts and regions that were searched (where the user's profiles reach any instance). */
  accounts: { id: string; name: string }[];
  regions: string[];
  fetchedAt: string;
}
