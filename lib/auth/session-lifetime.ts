import "server-only";
import type { JWT } from "next-auth/jwt";
import { getConfig } from "@/lib/config";

/** Epoch seconds when this sign-in ends; sessions do not roll past SESSION_MAX_AGE_SECONDS after sign-in. */
export function signInExpiresAt(token: Pick<JWT, "signedInAt">): number {
  return (token.signedInAt ?? 0) + getConfig().SESSION_MAX_AGE_SECONDS;
}

export function isSignInExpired(token: Pick<JWT, "signedInAt">, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  return !token.signedInAt || nowSeconds >= signInExpiresAt(token);
}
