import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import Provider, { interactionPolicy, type Configuration } from "oidc-provider";
import type { JWK } from "jose";
import { renderErrorPage } from "./login-page";
import { createMemoryAdapter } from "./memory-adapter";
import type { SandboxUser } from "./seed-files";

// oidc-provider set up to look like accounts.google.com to an OpenID client: code flow, RS256 ID tokens that
// carry Google's claims, Google-shaped endpoint paths, and an account chooser on every sign-in.

export type GoogleSandboxClient = {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Shown on the account chooser ("to continue to …"). */
  name?: string;
};

export const ROUTES = {
  authorization: "/o/oauth2/v2/auth",
  token: "/oauth2/v4/token", // the Directory API's service-account grant has its own POST /token
  userinfo: "/v1/userinfo",
  jwks: "/oauth2/v3/certs",
  revocation: "/revoke",
} as const;

const TTL_SECONDS = {
  AccessToken: 3600,
  AuthorizationCode: 60,
  IdToken: 3600,
  Interaction: 600,
  // Short, and the chooser is forced anyway: signing out of Gatehouse and back in as someone else must just work.
  Session: 600,
  Grant: 3600,
};

export function createGoogleProvider(options: {
  issuer: string;
  clients: readonly GoogleSandboxClient[];
  users: readonly SandboxUser[];
  signingKey: JWK;
  requirePkce: boolean;
}): Provider {
  const usersBySub = new Map(options.users.map((u) => [u.sub, u]));
  const configuration: Configuration = {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      client_name: c.name ?? "Gatehouse",
      redirect_uris: c.redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    adapter: createMemoryAdapter(),
    jwks: { keys: [options.signingKey] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    routes: ROUTES,
    responseTypes: ["code"],
    scopes: ["openid", "email", "profile"],
    // Google puts hd in every ID token of a Workspace account, whatever the scope.
    claims: {
      openid: ["sub", "hd"],
      email: ["email", "email_verified"],
      profile: ["name", "given_name", "family_name", "picture"],
    },
    conformIdTokenClaims: false, // claims in the ID token itself, as Google sends them
    extraParams: ["hd", "access_type", "include_granted_scopes"],
    clientAuthMethods: ["client_secret_basic", "client_secret_post"],
    enabledJWA: { idTokenSigningAlgValues: ["RS256"] },
    pkce: { required: () => options.requirePkce },
    ttl: TTL_SECONDS,
    clientBasedCORS: () => false,
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: false }, // Google has no end_session_endpoint
      dPoP: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      resourceIndicators: { enabled: false },
    },
    interactions: {
      policy: accountChooserPolicy(),
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    findAccount: (_ctx: unknown, sub: string) => {
      const user = usersBySub.get(sub);
      if (!user) return undefined;
      return { accountId: sub, claims: () => googleClaimsOf(user, options.issuer) };
    },
    renderError: (ctx: { type: string; body: unknown; res: ServerResponse }, out: { error?: string; error_description?: string }) => {
      ctx.type = "html";
      ctx.body = renderErrorPage("Sign-in failed", `${out.error_description ?? out.error ?? "Something went wrong"}. Go back to the app and try again.`);
    },
  };
  const provider = new Provider(options.issuer, configuration);
  provider.proxy = false;
  return provider;
}

/**
 * Login and consent as usual, plus a requestable `select_account` prompt so that `prompt=select_account` (which Google
 * accepts and next-auth users often send) is valid here too. The chooser itself appears on every sign-in because the
 * server hides the session cookie from oidc-provider (see forgetSession in start-google-sandbox.ts).
 */
function accountChooserPolicy() {
  const { Prompt, base } = interactionPolicy;
  const policy = base();
  policy.add(new Prompt({ name: "select_account", requestable: true }), 0);
  return policy;
}

/** The claims Google puts in an ID token; hd only for Workspace accounts. */
export function googleClaimsOf(user: SandboxUser, issuer: string): Record<string, unknown> & { sub: string } {
  const [first, ...rest] = user.name.split(/\s+/);
  return {
    sub: user.sub,
    email: user.email,
    email_verified: user.email_verified,
    ...(user.hd ? { hd: user.hd } : {}),
    name: user.name,
    given_name: user.given_name ?? first ?? user.name,
    family_name: user.family_name ?? (rest.join(" ") || undefined),
    picture: user.picture ?? `${issuer}/avatar/${user.sub}.svg`,
  };
}
