import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user: { sub: string; name: string; email: string; image?: string | null; hd: string; groups: string[] };
    /** Epoch seconds at which this sign-in ends, whatever the activity. */
    signInExpiresAt: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sub?: string;
    hd?: string;
    groups?: string[];
    signedInAt?: number;
    groupsCheckedAt?: number;
    /** The Google ID token of this sign-in (server-side only; for BROKER_MODE=web-identity). */
    idToken?: string;
    /** The server-side session record (AuthSession.id); sign-out and revocation end it. */
    sid?: string;
  }
}
