// The one shape of "who is asking" that every service takes. It is built in one place per way in
// (lib/actor/from-request.ts: a browser session cookie, or a command-line bearer token) and nowhere else.
// Isomorphic types only: no server code here, so tests and benchmarks can build Actors for services directly.

/** How the person proved who they are on this request. */
export type AuthMethod = "browser-session" | "cli-token";

export interface Actor {
  /** Google's stable subject id: people are keyed by it, not by email. */
  sub: string;
  email: string;
  name: string;
  /** Profile picture URL from Google, when there is one. */
  image: string | null;
  /** Google groups as of the last re-check. */
  groups: string[];
  via: AuthMethod;
  /** The server-side session record this request belongs to (AuthSession.id). */
  sessionId: string;
  /** The client address, from the socket or the configured trusted proxies; null when unknown. */
  sourceIp: string | null;
  userAgent: string | null;
  /** The sign-in ends at this time (epoch ms), whatever the activity. */
  expiresAt: number;
  /** Command-line tokens: the name the device gave itself at login. */
  deviceName?: string | null;
  /** The Google ID token (BROKER_MODE=web-identity only); never sent to a browser. */
  idToken?: string | null;
}

/** What the access rules need of an Actor (decide()'s Subject). */
export const subjectOf = (actor: Pick<Actor, "sub" | "email" | "groups">) => ({ sub: actor.sub, email: actor.email, groups: actor.groups });

/** What the role chain needs of an Actor. */
export const chainUserOf = (actor: Pick<Actor, "sub" | "email" | "idToken">) => ({ sub: actor.sub, email: actor.email, idToken: actor.idToken ?? null });
