import "server-only";
import { revokeAuthSession } from "@/lib/actor/auth-sessions";
import { recordAudit, recordAuditWith } from "@/lib/audit/record";
import type { CliTokenAnswer } from "@/lib/cli/cli-api";
import type { RequestMeta } from "@/lib/http/request-meta";
import type { Db } from "@/lib/db/client";
import { cliTokenMaxAgeSeconds, mintCliToken } from "./tokens";

// The last step of both logins: an approved request becomes a command-line token. The token's AuthSession row and
// its `cli.login issued` record are written in one transaction, before the token leaves the server; the token is
// bound to the person who approved, with the groups their browser session had (re-read on first use).

type CliLoginRequest = NonNullable<Awaited<ReturnType<Db["cliLoginRequest"]["findUnique"]>>>;

export type ApprovedRequest = Pick<CliLoginRequest, "id" | "kind" | "deviceName" | "userSub" | "userEmail" | "userName" | "userGroups">;

/** Who is known for a request in the audit log: the approver, seen from the command's address. */
export const requesterOf = (request: Pick<CliLoginRequest, "userSub" | "userEmail">, meta: RequestMeta) =>
  request.userSub && request.userEmail ? { sub: request.userSub, email: request.userEmail, via: "cli-token" as const, ...meta } : null;

export async function issueCliToken(request: ApprovedRequest, meta: RequestMeta): Promise<CliTokenAnswer> {
  if (!request.userSub || !request.userEmail) throw new Error("issueCliToken: the request has no approver");
  const { sessionId, token, tokenHash } = mintCliToken();
  const expiresAt = new Date(Date.now() + cliTokenMaxAgeSeconds() * 1000);
  const grant = request.kind === "device" ? "device code" : "loopback";
  await recordAuditWith(
    {
      action: "cli.login",
      outcome: "issued",
      actor: { sub: request.userSub, email: request.userEmail, via: "cli-token", sessionId, ...meta },
      detail: `command-line token for device "${request.deviceName}" (${grant} login), until ${expiresAt.toISOString()}`,
    },
    async (tx) => {
      await tx.authSession.create({
        data: {
          id: sessionId,
          userSub: request.userSub!,
          userEmail: request.userEmail!,
          kind: "cli",
          tokenHash,
          deviceName: request.deviceName,
          expiresAt,
          sourceIp: meta.sourceIp?.slice(0, 64) ?? null,
          userAgent: meta.userAgent?.slice(0, 512) ?? null,
          name: request.userName,
          groups: request.userGroups,
          // Re-read at the first use rather than trusted from the approving session.
          groupsCheckedAt: null,
        },
      });
      await tx.cliLoginRequest.update({ where: { id: request.id }, data: { authSessionId: sessionId } });
    },
  );
  return { token, expiresAt: expiresAt.toISOString(), email: request.userEmail, name: request.userName ?? request.userEmail };
}

/**
 * A code presented again after it was redeemed: whoever holds the first token may not be its person (RFC 6749
 * §4.1.2), so that token is revoked, on record.
 */
export async function revokeReplayedLogin(
  request: Pick<CliLoginRequest, "authSessionId" | "deviceName" | "userSub" | "userEmail">,
  meta: RequestMeta,
): Promise<void> {
  if (!request.authSessionId) return;
  const who = requesterOf(request, meta);
  await recordAudit({
    action: "cli.revoke",
    outcome: "allowed",
    actor: who,
    ...meta,
    detail: `the login code of device "${request.deviceName}" was presented again, so the token issued from it (${request.authSessionId}) is revoked`,
  });
  await revokeAuthSession(request.authSessionId, "gatehouse (login code replayed)");
}
