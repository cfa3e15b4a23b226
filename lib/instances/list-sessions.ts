import "server-only";
import { decide, instanceFilterFor, type AccessPolicy } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { describeShellSessions, type SessionSummary } from "@/lib/aws/ssm-sessions";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { listAccounts } from "@/lib/org/accounts";
import { mapConcurrent } from "@/lib/util/map-concurrent";
import { subjectOf, type Actor } from "@/lib/actor/actor";
import { assumeGrantRole, describeInstanceFault, type GrantRef } from "./grant-credentials";
import type { SessionListing, SessionRow } from "./session-types";

// The sessions page: Gatehouse's own ShellSession rows (who, why, which role), with the live status from
// DescribeSessions (Active and History) in each account and region involved. Administrators see every row; the
// live status is then read with their own role there, where they have one.

const ACTIVE = new Set(["Connected", "Connecting", "Disconnected", "Terminating"]);
const ROW_LIMIT = 200;
type Row = Awaited<ReturnType<ReturnType<typeof getDb>["shellSession"]["findMany"]>>[number];

function pickGrant(
  rows: Row[],
  user: Actor,
  policy: AccessPolicy,
  account: Parameters<typeof instanceFilterFor>[1] | undefined,
  region: string,
): GrantRef | undefined {
  const own = rows.find((row) => row.userSub === user.sub);
  if (own) return { profileId: own.profileId, roleName: own.roleName };
  return account ? instanceFilterFor(subjectOf(user), account, region, policy).grants[0] : undefined;
}

async function readLiveSessions(user: Actor, policy: AccessPolicy, accountId: string, region: string, grant: GrantRef, since: Date) {
  const credentials = await assumeGrantRole(user, policy, accountId, grant);
  const [active, history] = await Promise.all(
    (["Active", "History"] as const).map((state) => describeShellSessions({ region, credentials, state, startedAfter: since })),
  );
  return new Map([...(history ?? []), ...(active ?? [])].map((session) => [session.sessionId, session]));
}

export async function listShellSessions(input: { actor: Actor; everyone?: boolean }): Promise<SessionListing> {
  const [policy, accounts] = await Promise.all([getAccessPolicy(), listAccounts()]);
  const isAdmin = decide(subjectOf(input.actor), { action: "sessions:view-all" }, { policy }).allowed;
  const everyone = isAdmin && input.everyone !== false;
  const rows = await getDb().shellSession.findMany({
    where: everyone ? {} : { userSub: input.actor.sub },
    orderBy: { startedAt: "desc" },
    take: ROW_LIMIT,
  });
  const accountById = new Map(accounts.map((account) => [account.id, account]));
  const grouped = new Map<string, Row[]>();
  for (const row of rows) grouped.set(`${row.accountId}|${row.region}`, [...(grouped.get(`${row.accountId}|${row.region}`) ?? []), row]);
  const groups = [...grouped.values()];
  const results = await mapConcurrent(groups, getConfig().AWS_CONCURRENCY, async (group) => {
    const { accountId, region } = group[0]!;
    const grant = pickGrant(group, input.actor, policy, accountById.get(accountId), region);
    if (!grant) throw Object.assign(new Error(`You hold no role in account ${accountId}, ${region}, to read its sessions with.`), { name: "NoRole" });
    const since = new Date(Math.min(...group.map((row) => row.startedAt.getTime())) - 60_000);
    return readLiveSessions(input.actor, policy, accountId, region, grant, since);
  });

  const live = new Map<string, SessionSummary>();
  const problems: SessionListing["problems"] = [];
  results.forEach((result, index) => {
    const { accountId, region } = groups[index]![0]!;
    if (result.ok) for (const [id, session] of result.value) live.set(id, session);
    else {
      const named = (result.error as { name?: string }).name === "NoRole";
      const message = named
        ? (result.error as Error).message
        : describeInstanceFault(result.error, `reading sessions in account ${accountId}, ${region}`).message;
      problems.push({ accountId, accountName: accountById.get(accountId)?.name ?? accountId, region, message });
    }
  });

  const sessions = rows.map((row): SessionRow => {
    const aws = live.get(row.sessionId);
    const status = aws?.status ?? row.status;
    const endedAt = aws?.endedAt ?? row.endedAt?.toISOString() ?? null;
    const mine = row.userSub === input.actor.sub;
    return {
      sessionId: row.sessionId,
      userEmail: row.userEmail,
      mine,
      accountId: row.accountId,
      accountName: accountById.get(row.accountId)?.name ?? row.accountId,
      region: row.region,
      instanceId: row.instanceId,
      roleName: row.roleName,
      forward: describeForward(row),
      reason: row.reason,
      startedAt: row.startedAt.toISOString(),
      endedAt,
      status,
      statusFromAws: aws !== undefined,
      details: aws?.details ?? null,
      canTerminate: ACTIVE.has(status) && status !== "Terminating" && (mine || isAdmin),
    };
  });
  await recordStatusChanges(rows, live);
  return { sessions, problems, isAdmin, everyone };
}

/** Where a port-forwarding or SSH session goes, as the sessions page shows it. */
function describeForward(row: Row): string | null {
  if (row.document === null) return null;
  if (row.document === "AWS-StartSSHSession") return `SSH, port ${row.remotePort ?? "?"}`;
  const host = row.remoteHost ?? "localhost";
  return `${host.includes(":") ? `[${host}]` : host}:${row.remotePort ?? "?"}`;
}

/** Keeps the rows' status in step with AWS, so history stays right after AWS forgets a session. Best effort. */
async function recordStatusChanges(rows: Row[], live: Map<string, SessionSummary>): Promise<void> {
  const changed = rows.filter((row) => {
    const aws = live.get(row.sessionId);
    return aws && (aws.status !== row.status || (!ACTIVE.has(aws.status) && !row.endedAt));
  });
  await Promise.all(
    changed.map((row) => {
      const aws = live.get(row.sessionId)!;
      const ended = !ACTIVE.has(aws.status);
      return getDb()
        .shellSession.update({
          where: { sessionId: row.sessionId },
          data: { status: aws.status, ...(ended && !row.endedAt ? { endedAt: aws.endedAt ? new Date(aws.endedAt) : new Date() } : {}) },
        })
        .catch(() => undefined);
    }),
  );
}
