import "server-only";
import type { NextAuthOptions } from "next-auth";
import GoogleProvider from "next-auth/providers/google";
import { getConfig } from "@/lib/config";
import { errorField, logger } from "@/lib/log/logger";
import { admitSignIn, type Admission } from "@/lib/auth/admit-sign-in";
import { resolveUserGroups } from "@/lib/auth/user-groups";
import { isSignInExpired, signInExpiresAt } from "@/lib/auth/session-lifetime";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { recordSignOut, startBrowserSession } from "@/lib/auth/browser-sessions";

export class SessionEndedError extends Error {}

let options: NextAuthOptions | undefined;

// next-auth hands the same `account` object to signIn and then to jwt; the admission made in signIn travels with it,
// so the ID token is verified and the groups read once per sign-in.
const admissions = new WeakMap<object, Extract<Admission, { ok: true }>>();

/** next-auth's options, built on first use so `next build` needs no runtime configuration. */
export function getAuthOptions(): NextAuthOptions {
  if (options) return options;
  const config = getConfig();
  const issuer = config.GOOGLE_ISSUER.replace(/\/$/, "");
  options = {
    secret: config.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: config.SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      GoogleProvider({
        clientId: config.GOOGLE_CLIENT_ID,
        clientSecret: config.GOOGLE_CLIENT_SECRET,
        // Only the endpoints change between Google and the sandbox issuer; the flow and the checks are the same.
        wellKnown: `${issuer}/.well-known/openid-configuration`,
        checks: ["pkce", "state"],
        authorization: {
          params: {
            scope: "openid email profile",
            prompt: "select_account",
            // A hint to Google's account chooser only; the signed `hd` claim is what admitSignIn checks.
            hd: config.ALLOWED_DOMAINS.length === 1 ? config.ALLOWED_DOMAINS[0] : "*",
          },
        },
      }),
    ],
    callbacks: {
      async signIn({ account }) {
        const admission = await admitSignIn(account?.id_token);
        if (admission.ok && account) {
          admissions.set(account, admission);
          return true;
        }
        if (admission.ok) return false;
        const query = new URLSearchParams({ reason: admission.code });
        if (admission.email) query.set("account", admission.email);
        return `/signin/refused?${query}`;
      },
      async jwt({ token, account }) {
        const now = Math.floor(Date.now() / 1000);
        if (account) {
          // First call after sign-in: admitSignIn has just verified the ID token and stored the person and groups.
          const admission = admissions.get(account);
          if (!admission) throw new SessionEndedError("sign-in was not admitted");
          const { identity, groups } = admission;
          // The server-side record that sign-out and revocation end; its id travels in the encrypted cookie.
          const sid = await startBrowserSession(identity, new Date((now + config.SESSION_MAX_AGE_SECONDS) * 1000));
          // The ID token stays in the encrypted session cookie for BROKER_MODE=web-identity; session() never exposes it.
          return {
            sub: identity.sub,
            email: identity.email,
            name: identity.name,
            picture: identity.picture,
            hd: identity.hd,
            groups,
            signedInAt: now,
            groupsCheckedAt: now,
            idToken: account.id_token,
            sid,
          };
        }
        if (isSignInExpired(token, now)) throw new SessionEndedError("sign-in expired");
        if (now - (token.groupsCheckedAt ?? 0) >= config.SESSION_RECHECK_SECONDS && token.sub && token.email) {
          token.groups = await resolveUserGroups({ sub: token.sub, email: token.email });
          token.groupsCheckedAt = now;
        }
        return token;
      },
      async session({ session, token }) {
        session.user = {
          sub: token.sub ?? "",
          name: token.name ?? token.email ?? "",
          email: token.email ?? "",
          image: token.picture ?? null,
          hd: token.hd ?? "",
          groups: token.groups ?? [],
        };
        session.signInExpiresAt = signInExpiresAt(token);
        return session;
      },
      async redirect({ url, baseUrl }) {
        return `${baseUrl}${safeCallbackPath(url, baseUrl)}`;
      },
    },
    events: {
      async signOut({ token }) {
        await recordSignOut(token);
      },
    },
    logger: {
      error(code, metadata) {
        if (metadata instanceof SessionEndedError || (metadata as { error?: unknown })?.error instanceof SessionEndedError) return;
        const cause = metadata instanceof Error ? metadata : (metadata as { error?: unknown })?.error;
        logger("next-auth").error({ code, ...(cause ? { err: errorField(cause) } : {}) }, `next-auth: ${code}`);
      },
      warn(code) {
        logger("next-auth").warn({ code }, `next-auth: ${code}`);
      },
      debug() {},
    },
  };
  return options;
}
