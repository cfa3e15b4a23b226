import "server-only";
import { randomBytes, randomInt } from "node:crypto";
import type { Actor } from "@/lib/actor/actor";
import { recordAudit } from "@/lib/audit/record";
import type { CliDeviceAnswer } from "@/lib/cli/cli-api";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { ServiceError } from "@/lib/errors";
import type { RequestMeta } from "@/lib/http/request-meta";
import { formatUserCode, USER_CODE_ALPHABET } from "./login-input";
import { enforceLoginLimit } from "./login-limits";
import { assertBrowserSession } from "./loopback-login";
import { digestOf, newOneTimeCode } from "./tokens";

// The device-code login (RFC 8628, `gatehouse login --no-browser`): the command asks for a device code and a user
// code; the person opens /cli/device?user_code=…, signed in, checks the code and approves; the command polls the
// token endpoint. Codes typed on that page count against the person's own limit (wrong ones and right ones alike).

export const DEVICE_CODE_SECONDS = 600;
export const DEVICE_POLL_INTERVAL = 5;
const KEEP_EXPIRED_MS = 86_400_000;

export interface PendingDeviceLogin {
  userCode: string;
  deviceName: string;
  requestedAt: string;
  expiresAt: string;
  /** The address the command asked from, so the person can tell it is theirs. */
  sourceIp: string | null;
}

const newUserCode = () => Array.from({ length: 8 }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]).join("");

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === "P2002";

/** POST /api/v1/cli/device: a new device login, limited per client address. Nobody is known yet, so no record. */
export async function startDeviceLogin({ input, meta }: { input: { device_name: string }; meta: RequestMeta }): Promise<CliDeviceAnswer> {
  await enforceLoginLimit("device", meta.sourceIp);
  const db = getDb();
  // Expired requests go after a day, so their user codes can be drawn again.
  await db.cliLoginRequest.deleteMany({ where: { expiresAt: { lt: new Date(Date.now() - KEEP_EXPIRED_MS) } } });
  const deviceCode = newOneTimeCode();
  for (let attempt = 0; ; attempt++) {
    const userCode = newUserCode();
    try {
      await db.cliLoginRequest.create({
        data: {
          id: randomBytes(16).toString("hex"),
          kind: "device",
          status: "pending",
          deviceName: input.device_name,
          codeHash: digestOf(deviceCode),
          userCode,
          interval: DEVICE_POLL_INTERVAL,
          sourceIp: meta.sourceIp?.slice(0, 64) ?? null,
          userAgent: meta.userAgent?.slice(0, 512) ?? null,
          expiresAt: new Date(Date.now() + DEVICE_CODE_SECONDS * 1000),
        },
      });
      const verification = new URL("/cli/device", getConfig().NEXTAUTH_URL).toString();
      const shown = formatUserCode(userCode);
      return {
        device_code: deviceCode,
        user_code: shown,
        verification_uri: verification,
        verification_uri_complete: `${verification}?user_code=${shown}`,
        expires_in: DEVICE_CODE_SECONDS,
        interval: DEVICE_POLL_INTERVAL,
      };
    } catch (error) {
      // A user code still held by a live request (1 in 2.6e10 per draw): draw again.
      if (!isUniqueViolation(error) || attempt >= 4) throw error;
    }
  }
}

async function refuse(actor: Actor, error: ServiceError, userCode: string): Promise<never> {
  await recordAudit({ action: "cli.login", outcome: "denied", actor, detail: `${error.code}: ${error.message} (device code ${formatUserCode(userCode)})` });
  throw error;
}

/** The pending login a typed user code names, counted against the person's limit; refused (on record) otherwise. */
async function findPending(actor: Actor, userCode: string) {
  try {
    await enforceLoginLimit("userCode", actor.sub);
  } catch (error) {
    if (error instanceof ServiceError && error.code === "rate-limited") await refuse(actor, error, userCode);
    throw error;
  }
  const row = await getDb().cliLoginRequest.findUnique({ where: { userCode } });
  if (!row || row.kind !== "device" || row.status !== "pending" || row.expiresAt.getTime() <= Date.now()) {
    const message = `No login is waiting for code ${formatUserCode(userCode)}. Check the code your terminal shows (codes last ${DEVICE_CODE_SECONDS / 60} minutes and work once).`;
    return refuse(actor, new ServiceError("not-found", message), userCode);
  }
  return row;
}

/** For the /cli/device page: what is asking, before the person approves. */
export async function lookUpDeviceLogin({ actor, input }: { actor: Actor; input: { userCode: string } }): Promise<PendingDeviceLogin> {
  assertBrowserSession(actor);
  const row = await findPending(actor, input.userCode);
  return {
    userCode: formatUserCode(input.userCode),
    deviceName: row.deviceName,
    requestedAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    sourceIp: row.sourceIp,
  };
}

/** Approve or deny a device login: on record first, then the request takes the answer (once). */
export async function answerDeviceLogin({
  actor,
  input,
}: {
  actor: Actor;
  input: { user_code: string; approve: boolean };
}): Promise<{ status: "approved" | "denied"; deviceName: string }> {
  assertBrowserSession(actor);
  const row = await findPending(actor, input.user_code);
  const shown = formatUserCode(input.user_code);
  const status = input.approve ? "approved" : "denied";
  await recordAudit({
    action: "cli.login",
    outcome: input.approve ? "allowed" : "denied",
    actor,
    detail: input.approve
      ? `approved the login of device "${row.deviceName}" (device code ${shown}, asked from ${row.sourceIp ?? "an unknown address"})`
      : `access_denied: ${actor.email} denied the login of device "${row.deviceName}" (device code ${shown})`,
  });
  const { count } = await getDb().cliLoginRequest.updateMany({
    where: { id: row.id, status: "pending", expiresAt: { gt: new Date() } },
    data: { status, userSub: actor.sub, userEmail: actor.email, userName: actor.name, userGroups: actor.groups, decidedAt: new Date() },
  });
  if (count === 0) {
    const error = new ServiceError(
      "conflict",
      `The login with code ${shown} was answered or expired meanwhile. Run gatehouse login again if you still need it.`,
    );
    await recordAudit({ action: "cli.login", outcome: "denied", actor, detail: `${error.code}: ${error.message}` });
    throw error;
  }
  return { status, deviceName: row.deviceName };
}
