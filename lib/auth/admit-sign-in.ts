import "server-only";
import { getConfig } from "@/lib/config";
import { errorField, logger } from "@/lib/log/logger";
import { getDb } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { getRequestMeta } from "@/lib/http/request-meta";
import { IdTokenError, verifyGoogleIdToken } from "@/lib/auth/id-token";
import { getIssuerJwksUrl } from "@/lib/auth/issuer-keys";
import { checkWorkspaceClaims, type WorkspaceIdentity } from "@/lib/auth/workspace-policy";
import { resolveUserGroups } from "@/lib/auth/user-groups";

export type RefusalCode = "foreign-domain" | "no-hosted-domain" | "email-unverified" | "missing-claims" | "invalid-token" | "groups-unavailable";

export type Admission = { ok: true; identity: WorkspaceIdentity; groups: string[] } | { ok: false; code: RefusalCode; message: string; email?: string };

/**
 * Decides a Google sign-in from the signed ID token alone (never from the profile next-auth built, never from the
 * email): signature, issuer, audience and expiry, then Workspace domain and verified email, then groups. Records the
 * person and the outcome.
 */
export async function admitSignIn(idToken: string | undefined): Promise<Admission> {
  const config = getConfig();
  if (!idToken) return refuse({ code: "invalid-token", message: "Google returned no ID token, so Gatehouse cannot tell who you are." });

  let claims;
  try {
    claims = await verifyGoogleIdToken(idToken, {
      issuer: config.GOOGLE_ISSUER,
      audience: config.GOOGLE_CLIENT_ID,
      jwks: await getIssuerJwksUrl(config.GOOGLE_ISSUER),
    });
  } catch (error) {
    const detail = error instanceof IdTokenError ? error.code : "unverifiable";
    return refuse({ code: "invalid-token", message: `Google's sign-in token could not be verified (${detail}). Please try again.` });
  }

  const decision = checkWorkspaceClaims(claims, { allowedDomains: config.ALLOWED_DOMAINS });
  if (!decision.ok) {
    return refuse({ code: decision.reason, message: decision.message, email: typeof claims.email === "string" ? claims.email : undefined }, claims.sub);
  }

  const { identity } = decision;
  let groups: string[];
  try {
    groups = await resolveUserGroups({ sub: identity.sub, email: identity.email }, { refresh: true });
  } catch (error) {
    logger("auth").error({ err: errorField(error) }, "group lookup failed at sign-in");
    return refuse(
      {
        code: "groups-unavailable",
        message: "Gatehouse could not read your Google groups just now, so it cannot tell what you may reach. Please try again in a minute.",
        email: identity.email,
      },
      identity.sub,
    );
  }

  const now = new Date();
  await getDb().user.upsert({
    where: { sub: identity.sub },
    create: {
      sub: identity.sub,
      email: identity.email,
      name: identity.name,
      hostedDomain: identity.hd,
      picture: identity.picture,
      groups,
      groupsAt: now,
      lastSignInAt: now,
    },
    update: { email: identity.email, name: identity.name, hostedDomain: identity.hd, picture: identity.picture, groups, groupsAt: now, lastSignInAt: now },
  });
  await recordAudit({
    action: "auth.sign-in",
    outcome: "allowed",
    actor: { sub: identity.sub, email: identity.email, via: "browser-session", ...(await requestMeta()) },
    detail: `groups: ${groups.join(", ") || "(none)"}`,
  });
  return { ok: true, identity, groups };
}

async function refuse(refusal: Omit<Extract<Admission, { ok: false }>, "ok">, sub?: unknown): Promise<Admission> {
  const meta = await requestMeta();
  await recordAudit({
    action: "auth.sign-in",
    outcome: "denied",
    actor: typeof sub === "string" && refusal.email ? { sub, email: refusal.email, ...meta } : null,
    ...meta,
    detail: `${refusal.code}: ${refusal.message}`,
  });
  return { ok: false, ...refusal };
}

/** The client's address and user agent when called within a request (sign-in callbacks); nothing elsewhere (tests). */
async function requestMeta(): Promise<{ sourceIp: string | null; userAgent: string | null }> {
  try {
    return await getRequestMeta();
  } catch {
    return { sourceIp: null, userAgent: null };
  }
}
