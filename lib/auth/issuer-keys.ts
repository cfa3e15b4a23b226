import "server-only";
import { GOOGLE_ISSUERS, GOOGLE_JWKS_URL } from "@/lib/auth/id-token";

const jwksUrls = new Map<string, Promise<string>>();

/** The issuer's signing-key URL: Google's own, or from the issuer's OpenID discovery document (the sandbox's). */
export function getIssuerJwksUrl(issuer: string): Promise<string> {
  if ((GOOGLE_ISSUERS as readonly string[]).includes(issuer)) return Promise.resolve(GOOGLE_JWKS_URL);
  let url = jwksUrls.get(issuer);
  if (!url) {
    url = fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) })
      .then(async (res) => {
        if (!res.ok) throw new Error(`OpenID discovery at ${issuer} answered ${res.status}`);
        const body = (await res.json()) as { jwks_uri?: unknown };
        if (typeof body.jwks_uri !== "string") throw new Error(`OpenID discovery at ${issuer} has no jwks_uri`);
        return body.jwks_uri;
      })
      .catch((error: unknown) => {
        jwksUrls.delete(issuer);
        throw error;
      });
    jwksUrls.set(issuer, url);
  }
  return url;
}
