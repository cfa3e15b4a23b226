import "server-only";
import { decide } from "@/lib/access";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { subjectOf, type Actor } from "@/lib/actor/actor";
import { revokeAuthSession } from "@/lib/actor/auth-sessions";
import { recordAudit } from "@/lib/audit/record";
import type { DeviceLists, DeviceRow } from "@/lib/cli/cli-api";
import { getDb } from "@/lib/db/client";
import { ServiceError } from "@/lib/errors";

// The command line's signed-in devices: each live command-line token, for its owner and (all of them) for an
// administrator, with Revoke. Revocations are on record (cli.revoke) before they take effect, and take effect on
// the token's next request on every instance (tokens are checked against their row on every request).

const liveCliTokens = (userSub?: string) => ({ kind: "cli", revokedAt: null, expiresAt: { gt: new Date() }, ...(userSub ? { userSub } : {}) });

async function listRows(userSub?: string): Promise<DeviceRow[]> {
  const rows = await getDb().authSession.findMany({
    where: liveCliTokens(userSub),
    orderBy: { createdAt: "desc" },
    take: 500,
    select: { id: true, deviceName: true, userEmail: true, createdAt: true, lastUsedAt: true, expiresAt: true, sourceIp: true },
  });
  return rows.map((row) => ({
    id: row.id,
    deviceName: row.deviceName ?? "(unnamed)",
    email: row.userEmail,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    sourceIp: row.sourceIp,
  }));
}

async function adminProfile(actor: Actor): Promise<string | null> {
  const decision = decide(subjectOf(actor), { action: "admin:people" }, { policy: await getAccessPolicy() });
  return decision.allowed ? decision.profile.id : null;
}

export async function listDevices({ actor }: { actor: Actor }): Promise<DeviceLists> {
  const [mine, admin] = await Promise.all([listRows(actor.sub), adminProfile(actor)]);
  return { mine, everyone: admin ? await listRows() : null };
}

/** DELETE /api/cli/devices/<id>: the owner, or an administrator, revokes one command-line token. */
export async function revokeDevice({ actor, input }: { actor: Actor; input: { id: string } }): Promise<{ revoked: true; id: string }> {
  const row = await getDb().authSession.findUnique({
    where: { id: input.id },
    select: { id: true, kind: true, userSub: true, userEmail: true, deviceName: true, revokedAt: true, expiresAt: true },
  });
  const live = row && row.kind === "cli" && !row.revokedAt && row.expiresAt.getTime() > Date.now();
  const own = live && row.userSub === actor.sub;
  const profileId = live && !own ? await adminProfile(actor) : null;
  if (!live || (!own && !profileId)) {
    // Someone else's token looks like no token at all to a non-administrator: ids are not confirmed to guessers.
    const why = !live ? "no live command-line token has that id" : "the token belongs to someone else and you are not an administrator";
    await recordAudit({ action: "cli.revoke", outcome: "denied", actor, sessionId: input.id, detail: `not-found: ${why}` });
    throw new ServiceError("not-found", "No signed-in device of yours has that id (it may have been revoked or have expired already).");
  }
  const whose = own ? "their own" : `${row.userEmail}'s`;
  await recordAudit({
    action: "cli.revoke",
    outcome: "allowed",
    actor,
    profileId,
    sessionId: row.id,
    detail: `revoking ${whose} command-line token for device "${row.deviceName ?? "(unnamed)"}"`,
  });
  await revokeAuthSession(row.id, actor.email);
  return { revoked: true, id: row.id };
}

/** DELETE /api/v1/session (gatehouse logout): the token in the request revokes itself. */
export async function revokeOwnToken({ actor }: { actor: Actor }): Promise<{ revoked: true }> {
  if (actor.via !== "cli-token") throw new ServiceError("unauthenticated", "Send the command-line token to revoke (Authorization: Bearer gh1_…).");
  await recordAudit({
    action: "cli.revoke",
    outcome: "allowed",
    actor,
    sessionId: actor.sessionId,
    detail: `gatehouse logout: the command-line token for device "${actor.deviceName ?? "(unnamed)"}" revokes itself`,
  });
  await revokeAuthSession(actor.sessionId, actor.email);
  return { revoked: true };
}
