import "server-only";
import { setMaxListeners } from "node:events";
import {
  DescribePolicyCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  type Tag,
} from "@aws-sdk/client-organizations";
import { organizationsClient } from "@/lib/aws/clients";
import { describeRoleChainFault, RoleChainError } from "@/lib/aws/role-chain-error";
import { describeAwsFault } from "@/lib/aws/errors";
import { OrgCallRunner } from "@/lib/aws/organization-calls";
import { describeOrgReader, getOrgReaderCredentials } from "@/lib/aws/organization-credentials";
import { getConfig } from "@/lib/config";

// Reads the whole organization: the root, then breadth-first the OUs and accounts under every parent, the SCPs
// attached directly to each target, each distinct SCP's content, and tags. Parents are walked in parallel and
// every call shares one bounded pool, so the pool stays full while the tree is being discovered.

export type OrgSnapshotNode = {
  id: string;
  kind: "root" | "ou" | "account";
  name: string;
  parentId: string | null;
  email: string | null;
  status: string | null;
  joinedAt: Date | null;
  policyIds: string[];
  tags: Record<string, string>;
};

export type OrgSnapshotPolicy = { id: string; name: string; description: string | null; awsManaged: boolean; content: string };

export type OrgSnapshot = {
  nodes: OrgSnapshotNode[];
  policies: OrgSnapshotPolicy[];
  /** HTTP requests made, SDK retries included. */
  apiCalls: number;
  /** Requests AWS throttled (each retried). */
  throttled: number;
  concurrency: number;
};

export class OrganizationReadError extends Error {
  constructor(
    message: string,
    readonly apiCalls: number,
    readonly cause: unknown,
  ) {
    super(message);
    this.name = "OrganizationReadError";
  }
}

/** A listing that ends only when NextToken is absent: AWS may answer short or even empty pages before the end. */
async function listAll<T>(fetchPage: (token: string | undefined) => Promise<{ items: T[] | undefined; next: string | undefined }>): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  for (let page = 0; ; page++) {
    if (page > 100_000) throw new Error("pagination did not end after 100,000 pages");
    const { items, next } = await fetchPage(token);
    all.push(...(items ?? []));
    if (!next) return all;
    token = next;
  }
}

const readTags = (tags: Tag[] | undefined) => Object.fromEntries((tags ?? []).flatMap((tag) => (tag.Key ? [[tag.Key, tag.Value ?? ""]] : [])));

export interface ReadOrganizationOptions {
  concurrency?: number;
  signal?: AbortSignal;
}

export async function readOrganization(options: ReadOrganizationOptions = {}): Promise<OrgSnapshot> {
  const concurrency = options.concurrency ?? getConfig().AWS_CONCURRENCY;
  // One failed call fails the read: stop the others instead of finishing a tree that will not be stored.
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  // Every call in flight (and every backoff) listens for the abort: as many as the concurrency allows, by design.
  setMaxListeners(0, signal);
  let credentials;
  try {
    credentials = await getOrgReaderCredentials();
  } catch (error) {
    const fault = error instanceof RoleChainError ? describeRoleChainFault(error) : describeAwsFault(error, "getting credentials to read the organization");
    throw new OrganizationReadError(fault.message, 0, error);
  }
  const runner = new OrgCallRunner(organizationsClient(credentials), { concurrency, signal });
  const nodes: OrgSnapshotNode[] = [];
  const policies = new Map<string, Promise<OrgSnapshotPolicy>>();
  const pending: Promise<unknown>[] = [];
  let failure: { error: unknown; what: string } | undefined;

  // Every task is tracked, so the read waits for tasks that start more tasks, and the first failure stops the rest.
  const track = <T>(what: string, task: () => Promise<T>): Promise<T> => {
    const tracked = task().catch((error: unknown) => {
      failure ??= { error, what };
      stop.abort();
      throw error;
    });
    tracked.catch(() => undefined); // observed through `pending`
    pending.push(tracked);
    return tracked;
  };

  const describePolicy = (policyId: string) => {
    if (policies.has(policyId)) return;
    const described = track(`describing SCP ${policyId} (DescribePolicy)`, async () => {
      const { Policy } = await runner.send(() => new DescribePolicyCommand({ PolicyId: policyId }));
      return {
        id: policyId,
        name: Policy?.PolicySummary?.Name ?? policyId,
        description: Policy?.PolicySummary?.Description || null,
        awsManaged: Policy?.PolicySummary?.AwsManaged ?? false,
        content: Policy?.Content ?? "{}",
      };
    });
    policies.set(policyId, described);
  };

  // SCPs and tags of one target, filled in on the node when they arrive.
  const readDetails = (node: OrgSnapshotNode) => {
    track(`listing the SCPs of ${node.id} (ListPoliciesForTarget)`, async () => {
      const attached = await listAll(async (NextToken) => {
        const out = await runner.send(() => new ListPoliciesForTargetCommand({ TargetId: node.id, Filter: "SERVICE_CONTROL_POLICY", MaxResults: 20, NextToken }));
        return { items: out.Policies, next: out.NextToken };
      });
      node.policyIds = attached.flatMap((policy) => (policy.Id ? [policy.Id] : []));
      node.policyIds.forEach(describePolicy);
    });
    track(`listing the tags of ${node.id} (ListTagsForResource)`, async () => {
      const tags = await listAll(async (NextToken) => {
        const out = await runner.send(() => new ListTagsForResourceCommand({ ResourceId: node.id, NextToken }));
        return { items: out.Tags, next: out.NextToken };
      });
      node.tags = readTags(tags);
    });
  };

  const visit = (parentId: string) => {
    track(`listing the OUs under ${parentId} (ListOrganizationalUnitsForParent)`, async () => {
      const ous = await listAll(async (NextToken) => {
        const out = await runner.send(() => new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, MaxResults: 20, NextToken }));
        return { items: out.OrganizationalUnits, next: out.NextToken };
      });
      for (const ou of ous) {
        if (!ou.Id) continue;
        const node: OrgSnapshotNode = { id: ou.Id, kind: "ou", name: ou.Name ?? ou.Id, parentId, email: null, status: null, joinedAt: null, policyIds: [], tags: {} };
        nodes.push(node);
        readDetails(node);
        visit(ou.Id);
      }
    });
    track(`listing the accounts under ${parentId} (ListAccountsForParent)`, async () => {
      const accounts = await listAll(async (NextToken) => {
        const out = await runner.send(() => new ListAccountsForParentCommand({ ParentId: parentId, MaxResults: 20, NextToken }));
        return { items: out.Accounts, next: out.NextToken };
      });
      for (const account of accounts) {
        if (!account.Id) continue;
        const node: OrgSnapshotNode = {
          id: account.Id,
          kind: "account",
          name: account.Name ?? account.Id,
          parentId,
          email: account.Email ?? null,
          // `State` is the newer field; the sandbox and older APIs answer `Status` (same values for live accounts).
          status: account.Status ?? account.State ?? null,
          joinedAt: account.JoinedTimestamp ? new Date(account.JoinedTimestamp) : null,
          policyIds: [],
          tags: {},
        };
        nodes.push(node);
        readDetails(node);
      }
    });
  };

  try {
    const roots = await track("listing the organization's roots (ListRoots)", () =>
      listAll(async (NextToken) => {
        const out = await runner.send(() => new ListRootsCommand({ MaxResults: 20, NextToken }));
        return { items: out.Roots, next: out.NextToken };
      }),
    );
    const root = roots[0];
    if (!root?.Id) throw new OrganizationReadError("AWS Organizations returned no root: is this account part of an organization?", runner.calls, undefined);
    const rootNode: OrgSnapshotNode = { id: root.Id, kind: "root", name: root.Name ?? "Root", parentId: null, email: null, status: null, joinedAt: null, policyIds: [], tags: {} };
    nodes.push(rootNode);
    readDetails(rootNode);
    visit(root.Id);
    // Tasks add more tasks as the tree unfolds; wait until a pass finds nothing new.
    for (let settled = 0; settled < pending.length; ) {
      const batch = pending.slice(settled);
      settled = pending.length;
      await Promise.all(batch);
    }
    const described = await Promise.all(policies.values());
    return { nodes, policies: described, apiCalls: runner.calls, throttled: runner.throttled, concurrency };
  } catch (error) {
    if (error instanceof OrganizationReadError) throw error;
    if (options.signal?.aborted) {
      const reason = options.signal.reason instanceof Error ? options.signal.reason.message : "the read was cancelled";
      throw new OrganizationReadError(`Reading the organization stopped: ${reason}`, runner.calls, error);
    }
    const cause = failure?.error ?? error;
    const what = failure?.what ?? "reading the organization";
    throw new OrganizationReadError(`${describeAwsFault(cause, `${what} as ${describeOrgReader()}`).message}`, runner.calls, cause);
  }
}
