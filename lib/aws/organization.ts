import "server-only";
import { setMaxListeners } from "node:events";
import {
  DescribePolicyCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
} from "@aws-sdk/client-organizations";
import type { SlotStats } from "@/lib/aws/adaptive-slots";
import { organizationsClient } from "@/lib/aws/clients";
import { describeRoleChainFault, RoleChainError } from "@/lib/aws/role-chain-error";
import { describeAwsFault } from "@/lib/aws/errors";
import { OrgCallRunner } from "@/lib/aws/organization-calls";
import { describeOrgReader, getOrgReaderCredentials } from "@/lib/aws/organization-credentials";
import { listAll, ORG_PAGE_SIZE } from "@/lib/aws/organization-paging";
import { tagsToRecord } from "@/lib/aws/organization-tags";
import { chooseScpReads, type PreviousAttachments, type ScpPlan, type ScpReadMode } from "@/lib/aws/organization-scp-plan";
import { getConfig } from "@/lib/config";

// Reads the whole organization: the root, then breadth-first the OUs and accounts under every parent, the SCPs
// attached directly to each target, each attached SCP's content (and, the way it read before, tags). Parents are walked in parallel and
// every call shares one bounded pool, so the pool stays full while the tree is being discovered.
//
// SCP attachments are read whichever way costs fewer calls (organization-scp-plan.ts): per policy (ListPolicies,
// then ListTargetsForPolicy per SCP, started at once beside the walk) or per target (ListPoliciesForTarget on every
// node). Tags are not read here: only the node details panel shows them, so it reads them when it is opened
// (lib/org/node-tags.ts). The "before" way (`readTags`) still reads every node's, for the comparison.

export type OrgSnapshotNode = {
  id: string;
  kind: "root" | "ou" | "account";
  name: string;
  parentId: string | null;
  email: string | null;
  status: string | null;
  joinedAt: Date | null;
  policyIds: string[];
  /** Read only with `readTags` (one ListTagsForResource per node). */
  tags?: Record<string, string>;
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
  /** How SCP attachments were read, and the call counts the choice was made on. */
  scpPlan: ScpPlan;
  /** Nodes whose tags were listed (ListTagsForResource): all of them with `readTags`, else none. */
  tagReads: number;
  /** How the concurrency adapted to throttling. */
  slots: SlotStats;
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

// Which waiting call goes first when every slot is busy. The walk is wide: many short listings, in any order. Each
// SCP's target listing is a chain of pages, each needing the previous one's NextToken, and FullAWSAccess is attached
// to every node (one page per 20), so its chain is the read's critical path: its pages (and ListPolicies, which
// starts it) go first, with a slot kept for them while the chain lasts, then any listing's next page, then new
// listings.
const PRIORITY = { newListing: 0, nextPage: 1, scpTargets: 2 } as const;
const pagePriority = (token: string | undefined) => (token ? PRIORITY.nextPage : PRIORITY.newListing);

export interface ReadOrganizationOptions {
  concurrency?: number;
  signal?: AbortSignal;
  /** Force one way of reading SCP attachments (the comparison test and the benchmark); default: the cheaper. */
  scpReads?: ScpReadMode;
  /** The previous tree's SCP attachments, to choose by. */
  previous?: PreviousAttachments;
  /** Read every node's tags too (the way Gatehouse read before; the pages now read them on demand). */
  readTags?: boolean;
  /** Narrow the concurrency while AWS throttles (default true). */
  adaptive?: boolean;
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
  const runner = new OrgCallRunner(organizationsClient(credentials), { concurrency, signal, adaptive: options.adaptive ?? true });
  const nodes: OrgSnapshotNode[] = [];
  const policies = new Map<string, Promise<OrgSnapshotPolicy>>();
  const pending: Promise<unknown>[] = [];
  let tagReads = 0;
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

  const listScpsOf = (node: OrgSnapshotNode) =>
    track(`listing the SCPs of ${node.id} (ListPoliciesForTarget)`, async () => {
      const attached = await listAll(async (NextToken) => {
        const out = await runner.send(
          () => new ListPoliciesForTargetCommand({ TargetId: node.id, Filter: "SERVICE_CONTROL_POLICY", MaxResults: ORG_PAGE_SIZE, NextToken }),
          pagePriority(NextToken),
        );
        return { items: out.Policies, next: out.NextToken };
      });
      node.policyIds = attached.flatMap((policy) => (policy.Id ? [policy.Id] : []));
      node.policyIds.forEach(describePolicy);
    });

  const readTagsOf = (node: OrgSnapshotNode) => {
    if (!options.readTags) return;
    tagReads += 1;
    track(`listing the tags of ${node.id} (ListTagsForResource)`, async () => {
      const tags = await listAll(async (NextToken) => {
        const out = await runner.send(() => new ListTagsForResourceCommand({ ResourceId: node.id, NextToken }), pagePriority(NextToken));
        return { items: out.Tags, next: out.NextToken };
      });
      node.tags = tagsToRecord(tags);
    });
  };

  // Per policy: every SCP's targets, gathered here and put on the nodes once the walk is done.
  const attachedTo = new Map<string, string[]>();
  const listTargetsOf = (policyId: string) =>
    track(`listing the targets of SCP ${policyId} (ListTargetsForPolicy)`, async () => {
      // Once a listing has a second page it is a chain: a slot is kept for its pages until it ends.
      let releaseSlot: (() => void) | undefined;
      const targets = await listAll(async (NextToken) => {
        if (NextToken) releaseSlot ??= runner.keepSlot(PRIORITY.scpTargets);
        const out = await runner.send(() => new ListTargetsForPolicyCommand({ PolicyId: policyId, MaxResults: ORG_PAGE_SIZE, NextToken }), PRIORITY.scpTargets);
        return { items: out.Targets, next: out.NextToken };
      }).finally(() => releaseSlot?.());
      for (const target of targets) {
        if (!target.TargetId) continue;
        const policiesOfTarget = attachedTo.get(target.TargetId);
        if (policiesOfTarget) policiesOfTarget.push(policyId);
        else attachedTo.set(target.TargetId, [policyId]);
      }
      if (targets.length > 0) describePolicy(policyId); // an SCP attached nowhere is not shown, so not described
    });

  // Known once ListPolicies has answered (or at once when the mode is forced to per target).
  let scpPlan: ScpPlan | undefined = options.scpReads === "per-target" ? { mode: "per-target", perTargetCalls: null, perPolicyCalls: 0 } : undefined;
  // Started once ListRoots has answered, so the organization's first call is alone and the first to fail is it.
  const planScpReads = () => {
    if (scpPlan) return;
    track("listing the organization's SCPs (ListPolicies)", async () => {
      const listed = await listAll(async (NextToken) => {
        const out = await runner.send(
          () => new ListPoliciesCommand({ Filter: "SERVICE_CONTROL_POLICY", MaxResults: ORG_PAGE_SIZE, NextToken }),
          PRIORITY.scpTargets,
        );
        return { items: out.Policies, next: out.NextToken };
      });
      const policyIds = listed.flatMap((policy) => (policy.Id ? [policy.Id] : []));
      const chosen = chooseScpReads(policyIds, options.previous);
      scpPlan = options.scpReads ? { ...chosen, mode: options.scpReads } : chosen;
      if (scpPlan.mode === "per-policy") policyIds.forEach(listTargetsOf);
      else nodes.forEach(listScpsOf); // the nodes found while ListPolicies was answering
    });
  };

  // SCPs (when read per target) and tags of one target, filled in on the node when they arrive.
  const readDetails = (node: OrgSnapshotNode) => {
    if (scpPlan?.mode === "per-target") listScpsOf(node);
    readTagsOf(node);
  };

  const visit = (parentId: string) => {
    track(`listing the OUs under ${parentId} (ListOrganizationalUnitsForParent)`, async () => {
      const ous = await listAll(async (NextToken) => {
        const out = await runner.send(
          () => new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, MaxResults: ORG_PAGE_SIZE, NextToken }),
          pagePriority(NextToken),
        );
        return { items: out.OrganizationalUnits, next: out.NextToken };
      });
      for (const ou of ous) {
        if (!ou.Id) continue;
        const node: OrgSnapshotNode = {
          id: ou.Id,
          kind: "ou",
          name: ou.Name ?? ou.Id,
          parentId,
          email: null,
          status: null,
          joinedAt: null,
          policyIds: [],
        };
        nodes.push(node);
        readDetails(node);
        visit(ou.Id);
      }
    });
    track(`listing the accounts under ${parentId} (ListAccountsForParent)`, async () => {
      const accounts = await listAll(async (NextToken) => {
        const out = await runner.send(
          () => new ListAccountsForParentCommand({ ParentId: parentId, MaxResults: ORG_PAGE_SIZE, NextToken }),
          pagePriority(NextToken),
        );
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
        };
        nodes.push(node);
        readDetails(node);
      }
    });
  };

  try {
    const roots = await track("listing the organization's roots (ListRoots)", () =>
      listAll(async (NextToken) => {
        const out = await runner.send(() => new ListRootsCommand({ MaxResults: ORG_PAGE_SIZE, NextToken }));
        return { items: out.Roots, next: out.NextToken };
      }),
    );
    const root = roots[0];
    if (!root?.Id) throw new OrganizationReadError("AWS Organizations returned no root: is this account part of an organization?", runner.calls, undefined);
    const rootNode: OrgSnapshotNode = {
      id: root.Id,
      kind: "root",
      name: root.Name ?? "Root",
      parentId: null,
      email: null,
      status: null,
      joinedAt: null,
      policyIds: [],
    };
    nodes.push(rootNode);
    planScpReads();
    readDetails(rootNode);
    visit(root.Id);
    // Tasks add more tasks as the tree unfolds; wait until a pass finds nothing new.
    for (let settled = 0; settled < pending.length;) {
      const batch = pending.slice(settled);
      settled = pending.length;
      await Promise.all(batch);
    }
    if (scpPlan!.mode === "per-policy") for (const node of nodes) node.policyIds = attachedTo.get(node.id) ?? [];
    // Either way, a node's SCPs in one order (by id), and only SCPs attached to a node of the tree are kept.
    for (const node of nodes) node.policyIds.sort();
    const attached = new Set(nodes.flatMap((node) => node.policyIds));
    const described = (await Promise.all(policies.values())).filter((policy) => attached.has(policy.id));
    return {
      nodes,
      policies: described.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      apiCalls: runner.calls,
      throttled: runner.throttled,
      concurrency,
      scpPlan: scpPlan!,
      tagReads,
      slots: runner.slotStats(),
    };
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
