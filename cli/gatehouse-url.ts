// Which Gatehouse a command talks to: the signed-in one, else the remembered one.
import type { CliContext } from "./context";
import { usageError } from "./errors";
import { normalizeUrl, readSession, rememberedUrl } from "./session-store";

export function chooseUrl(ctx: CliContext, given: string | undefined, command: string): string {
  if (given) return normalizeUrl(given);
  const known = readSession(ctx)?.url ?? rememberedUrl(ctx) ?? ctx.env.GATEHOUSE_URL;
  if (!known) throw usageError(`which Gatehouse? Give it once with --url, for example: gatehouse ${command} --url https://gatehouse.example.com`, command);
  return normalizeUrl(known);
}
