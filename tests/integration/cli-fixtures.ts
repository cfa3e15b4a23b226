// Shared set-up for the command-line tests: the loopback login driven through its real handlers (the browser's
// approval, then the command's token exchange), PKCE values as the command makes them, and the people the token
// re-check looks up.
import { createHash, randomBytes } from "node:crypto";
import { expect } from "vitest";
import type { Actor } from "@/lib/actor/actor";
import type { CliTokenAnswer, LoginRedirect } from "@/lib/cli/cli-api";
import type { createDb } from "@/lib/db/client";
import { testActor } from "../support/actor";
import { call, jsonRequest } from "../support/routes";
import { ADA, DANA, META, NORA } from "./console-fixtures";

type Db = ReturnType<typeof createDb>;
export type Person = { sub: string; email: string; groups: string[] };

export const PEOPLE = [
  { ...DANA, name: "Dana Developer" },
  { ...ADA, name: "Ada Admin" },
  { ...NORA, name: "Nora Newhire" },
];

/** The browser session of a person, as lib/actor/from-request.ts builds it. */
export const browserActor = (person: Person): Actor => testActor({ ...person, ...META, name: PEOPLE.find((p) => p.sub === person.sub)?.name ?? person.email });

/** The User rows sign-in writes (the token re-check reads the person's Workspace domain there). */
export async function storePeople(db: Db): Promise<void> {
  for (const person of PEOPLE) {
    const row = { email: person.email, name: person.name, hostedDomain: "example.com", groups: person.groups };
    await db.user.upsert({ where: { sub: person.sub }, create: { sub: person.sub, ...row }, update: row });
  }
}

export function pkcePair() {
  const verifier = randomBytes(48).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier, "ascii").digest("base64url") };
}

export function loginParams(challenge: string, over: Record<string, string> = {}): Record<string, string> {
  return {
    redirect_uri: "http://127.0.0.1:49152/callback",
    state: randomBytes(24).toString("base64url"),
    code_challenge: challenge,
    code_challenge_method: "S256",
    device: "dana-laptop",
    code: "WDJB-MJHT",
    ...over,
  };
}

export interface Routes {
  approve: typeof import("@/app/api/cli/login/approve/route").POST;
  deny: typeof import("@/app/api/cli/login/deny/route").POST;
  token: typeof import("@/app/api/v1/cli/token/route").POST;
}

export async function loadRoutes(): Promise<Routes> {
  return {
    approve: (await import("@/app/api/cli/login/approve/route")).POST,
    deny: (await import("@/app/api/cli/login/deny/route")).POST,
    token: (await import("@/app/api/v1/cli/token/route")).POST,
  };
}

/** The command's own request: no Origin, no Sec-Fetch-Site, a user agent of its own. */
export function commandRequest(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`http://localhost:3000${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "gatehouse-cli/test", ...headers },
    body: JSON.stringify(body),
  });
}

/** Approves a loopback login as the person in the browser; returns the one-time code and state sent to loopback. */
export async function approveLogin(
  routes: Routes,
  person: Person,
  params: Record<string, string>,
): Promise<{ code: string; state: string; redirectTo: string }> {
  const answer = await call<LoginRedirect>(routes.approve, browserActor(person), jsonRequest("/api/cli/login/approve", params));
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const url = new URL(answer.body.redirectTo);
  return { code: url.searchParams.get("code")!, state: url.searchParams.get("state")!, redirectTo: answer.body.redirectTo };
}

/** The whole loopback login: approve, then exchange with the verifier. */
export async function logIn(routes: Routes, person: Person, device = "dana-laptop"): Promise<CliTokenAnswer> {
  const { verifier, challenge } = pkcePair();
  const params = loginParams(challenge, { device });
  const { code } = await approveLogin(routes, person, params);
  const answer = await call<CliTokenAnswer>(
    routes.token,
    null,
    commandRequest("/api/v1/cli/token", { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: params.redirect_uri }),
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
}
