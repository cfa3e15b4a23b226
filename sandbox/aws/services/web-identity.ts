import { createRemoteJWKSet, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import type { PolicyDocument } from "../../seed/schema";
import { AwsError } from "../protocol/errors";

// AssumeRoleWithWebIdentity's token check: the JWT must come from the configured Google issuer (the sandbox
// issuer in dev, whose keys we fetch through OIDC discovery) and be signed by one of its published keys.

const GOOGLE = "accounts.google.com";

export interface WebIdentityClaims {
  iss: string;
  sub: string;
  aud: string;
  azp?: string;
  email?: string;
  exp: number;
}

export class WebIdentityVerifier {
  readonly issuerHost: string;
  private jwks?: Promise<ReturnType<typeof createRemoteJWKSet>>;
  private readonly trustCache = new Map<string, PolicyDocument>();

  constructor(private readonly issuer: string | undefined) {
    this.issuerHost = issuer ? issuer.replace(/^https?:\/\//, "").replace(/\/+$/, "") : "localhost:4000";
  }

  async verify(token: string, now: number): Promise<WebIdentityClaims> {
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(token);
    } catch {
      throw new AwsError("InvalidIdentityToken", "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)", 400);
    }
    const iss = String(unverified.iss ?? "");
    if (!this.issuer || iss.replace(/\/+$/, "") !== this.issuer.replace(/\/+$/, "")) {
      throw new AwsError("InvalidIdentityToken", `No OpenIDConnect provider found in your account for ${iss}`, 400);
    }
    try {
      const { payload } = await jwtVerify(token, await this.keySet(), { issuer: iss, currentDate: new Date(now), clockTolerance: 0 });
      const aud = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
      if (!payload.sub || !aud || typeof payload.exp !== "number") {
        throw new AwsError("InvalidIdentityToken", "The ID Token is missing a required claim (sub, aud or exp).", 400);
      }
      return {
        iss,
        sub: payload.sub,
        aud,
        exp: payload.exp,
        ...(typeof payload.azp === "string" ? { azp: payload.azp } : {}),
        ...(typeof payload.email === "string" ? { email: payload.email } : {}),
      };
    } catch (error) {
      throw toAwsError(error, unverified, now);
    }
  }

  /**
   * The role's trust policy with the sandbox issuer written the way production policies name Google
   * (Federated "accounts.google.com", keys "accounts.google.com:aud"), so both spellings are honoured.
   */
  normalizedTrust(roleArn: string, trust: PolicyDocument): PolicyDocument {
    let doc = this.trustCache.get(roleArn);
    if (!doc) {
      const host = this.issuerHost;
      const oidcArn = new RegExp(`^arn:aws:iam::\\d{12}:oidc-provider/${host.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
      const rewrite = (value: unknown, key?: string): unknown => {
        if (typeof value === "string") return key === "Federated" && (value === host || oidcArn.test(value)) ? GOOGLE : value;
        if (Array.isArray(value)) return value.map((v) => rewrite(v, key));
        if (value && typeof value === "object") {
          return Object.fromEntries(
            Object.entries(value).map(([k, v]) => [k.startsWith(`${host}:`) ? `${GOOGLE}:${k.slice(host.length + 1)}` : k, rewrite(v, k)]),
          );
        }
        return value;
      };
      doc = rewrite(trust) as PolicyDocument;
      this.trustCache.set(roleArn, doc);
    }
    return doc;
  }

  private keySet(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    this.jwks ??= (async () => {
      const response = await fetch(`${this.issuer!.replace(/\/+$/, "")}/.well-known/openid-configuration`);
      if (!response.ok) throw new Error(`discovery answered ${response.status}`);
      const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: string };
      if (!jwksUri) throw new Error("discovery document has no jwks_uri");
      return createRemoteJWKSet(new URL(jwksUri));
    })().catch((error: unknown) => {
      this.jwks = undefined;
      throw error;
    });
    return this.jwks;
  }
}

function toAwsError(error: unknown, unverified: JWTPayload, now: number): AwsError {
  if (error instanceof AwsError) return error;
  if (error instanceof joseErrors.JWTExpired) {
    return new AwsError(
      "ExpiredTokenException",
      `Token expired: current date/time ${Math.floor(now / 1000)} must be before the expiration date/time ${String(unverified.exp)}`,
      400,
    );
  }
  if (error instanceof joseErrors.JOSEError && !(error instanceof joseErrors.JWKSTimeout)) {
    return new AwsError("InvalidIdentityToken", `The web identity token could not be validated: ${error.message}`, 400);
  }
  return new AwsError(
    "IDPCommunicationError",
    "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements",
    400,
  );
}
