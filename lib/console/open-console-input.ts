import "server-only";
import { z } from "zod";
import { ACCOUNT_ID, ROLE_NAME } from "@/lib/access";
import { accountIdSchema, roleNameSchema } from "@/lib/access/ids";
import { destinationSchema, parseDestinationText, type ConsoleDestination } from "./destinations";

// What "Open console" accepts from a browser (JSON body or query string), checked before anything else happens.
// A destination is only ever allow-listed keys; a URL is refused like any other malformed value.

const reasonSchema = z
  .string({ error: "expected text" })
  .max(1000, { error: "expected at most 1000 characters" })
  .optional()
  .transform((reason) => reason?.trim() || undefined);

const destinationInput = z.preprocess((value) => {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== "string") return value;
  return value.trim() === "" || value.trim() === "home" ? undefined : parseDestinationText(value);
}, destinationSchema.optional());

export const openConsoleInputSchema = z.object({
  accountId: accountIdSchema,
  roleName: roleNameSchema,
  destination: destinationInput,
  reason: reasonSchema,
});

export interface OpenConsoleInput {
  accountId: string;
  roleName: string;
  destination?: ConsoleDestination;
  reason?: string;
}

export type ParsedInput = { ok: true; input: OpenConsoleInput } | { ok: false; message: string; known: Partial<OpenConsoleInput> };

/** Parses the request; on failure says which field is wrong and keeps the fields that were well-formed (for the audit). */
export function parseOpenConsoleInput(raw: unknown, allowedRegions: readonly string[]): ParsedInput {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, message: 'Invalid request: expected a JSON object such as { "accountId": "444444444444", "roleName": "Developer" }.', known: {} };
  }
  const parsed = openConsoleInputSchema.safeParse(raw);
  const given = raw as Record<string, unknown>;
  const known: Partial<OpenConsoleInput> = {
    ...(typeof given.accountId === "string" && ACCOUNT_ID.test(given.accountId) ? { accountId: given.accountId } : {}),
    ...(typeof given.roleName === "string" && ROLE_NAME.test(given.roleName) ? { roleName: given.roleName } : {}),
  };
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join(".") || "request";
    const message = issue?.message.replace(/^Invalid input: /, "") ?? "malformed";
    return { ok: false, message: `Invalid ${field}: ${message}.`, known };
  }
  const input = parsed.data;
  const region = input.destination?.region;
  if (region && !allowedRegions.includes(region)) {
    return { ok: false, message: `Invalid destination: region ${region} is not one Gatehouse offers (${allowedRegions.join(", ")}).`, known };
  }
  return {
    ok: true,
    input: {
      accountId: input.accountId,
      roleName: input.roleName,
      ...(input.destination ? { destination: input.destination } : {}),
      ...(input.reason ? { reason: input.reason } : {}),
    },
  };
}
