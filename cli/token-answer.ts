// The answer of POST /api/v1/cli/token once a login is approved (docs/cli-api.md), checked.
import type { CliTokenAnswer } from "@/lib/cli/cli-api";
import { CliError } from "./errors";

export type TokenAnswer = CliTokenAnswer;

export function checkTokenAnswer(value: unknown, secrets: Set<string>): TokenAnswer {
  const v = (value ?? {}) as Record<string, unknown>;
  if (typeof v.token !== "string" || typeof v.expiresAt !== "string" || Number.isNaN(Date.parse(v.expiresAt)) || typeof v.email !== "string") {
    throw new CliError("Gatehouse's answer to the login is not one this program can read: is Gatehouse up to date?");
  }
  secrets.add(v.token);
  return {
    token: v.token,
    expiresAt: new Date(Date.parse(v.expiresAt)).toISOString(),
    email: v.email,
    name: typeof v.name === "string" && v.name ? v.name : v.email,
  };
}
