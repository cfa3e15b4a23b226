import type { Actor } from "@/lib/actor/actor";

/** An Actor as lib/actor/from-request.ts would build it for a browser session, for calling services directly. */
export function testActor(person: { sub: string; email: string; groups: string[]; idToken?: string | null } & Partial<Actor>): Actor {
  return {
    name: person.email.split("@")[0]!,
    image: null,
    via: "browser-session",
    sessionId: `test-session-${person.sub}`,
    sourceIp: "127.0.0.1",
    userAgent: "gatehouse-tests",
    expiresAt: Date.now() + 8 * 3600_000,
    ...person,
  };
}
