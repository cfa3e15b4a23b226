// A CliContext for unit tests: a throwaway home folder, captured stdout and stderr (stderr through the same
// redacting writer as the real program), a fake clock, and a fake Gatehouse answering from a route table.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { redactingWriter, type CliContext } from "@/cli/context";
import type { SendHttp } from "@/cli/http-client";

export type FakeRoute = (request: {
  method: string;
  path: string;
  body: unknown;
  headers: Headers;
}) => { status?: number; body?: unknown; headers?: Record<string, string> } | Promise<{ status?: number; body?: unknown; headers?: Record<string, string> }>;

export interface TestContext extends CliContext {
  out: string[];
  err: string[];
  calls: Array<{ method: string; path: string; body: unknown; authorization: string | null }>;
  opened: string[];
  clock: { now: number };
}

export const GATEHOUSE = "https://gatehouse.example.com";
export const TOKEN = "gh1_sess0001_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA";

export function testContext(
  options: { routes?: Record<string, FakeRoute>; env?: Record<string, string>; home?: string; openBrowser?: (url: string) => Promise<boolean> } = {},
): TestContext {
  const home = options.home ?? mkdtempSync(path.join(os.tmpdir(), "gatehouse-cli-"));
  const out: string[] = [];
  const err: string[] = [];
  const calls: TestContext["calls"] = [];
  const opened: string[] = [];
  const clock = { now: Date.parse("2026-12-02T10:00:00Z") };
  const secrets = new Set<string>();
  const fakeHttp: SendHttp = async (target, request) => {
    const url = new URL(target);
    const { method } = request;
    const headers = new Headers(request.headers);
    const body = request.body === undefined ? undefined : (JSON.parse(request.body) as unknown);
    calls.push({ method, path: url.pathname + url.search, body, authorization: headers.get("authorization") });
    const route = options.routes?.[`${method} ${url.pathname}`];
    if (!route) throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const answer = await route({ method, path: url.pathname + url.search, body, headers });
    const answerHeaders = Object.fromEntries(Object.entries({ "content-type": "application/json", ...answer.headers }).map(([k, v]) => [k.toLowerCase(), v]));
    return { status: answer.status ?? 200, headers: answerHeaders, text: answer.body === undefined ? "" : JSON.stringify(answer.body) };
  };
  return {
    env: { HOME: home, ...options.env },
    stdout: (text) => void out.push(text),
    stderr: redactingWriter((text) => void err.push(text), secrets),
    secrets,
    now: () => clock.now,
    http: fakeHttp,
    sleep: async (ms) => void (clock.now += ms),
    openBrowser: options.openBrowser ?? (async (url) => (opened.push(url), true)),
    program: { node: "/usr/bin/node", script: "/opt/gatehouse/gatehouse.mjs" },
    hostname: "test-laptop",
    homedir: home,
    platform: "linux",
    loginTimeoutMs: 5 * 60_000,
    out,
    err,
    calls,
    opened,
    clock,
  };
}

export const stdoutOf = (ctx: TestContext) => ctx.out.join("");
export const stderrOf = (ctx: TestContext) => ctx.err.join("");

/** Credentials as Gatehouse answers them, good for an hour from the context's clock. */
export function issuedCredentials(ctx: TestContext, minutes = 60, suffix = "1") {
  return {
    Version: 1 as const,
    AccessKeyId: `ASIAEXAMPLEKEY0000${suffix}`,
    SecretAccessKey: `secret/Key+${suffix}abcdefghijklmnopqrstuvwxyz0123`,
    SessionToken: `FwoGZXIvYXdzEXAMPLESESSIONTOKEN${suffix}`,
    Expiration: new Date(ctx.clock.now + minutes * 60_000).toISOString(),
    AccountId: "444444444444",
  };
}
