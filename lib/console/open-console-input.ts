import "server-only";
import { z } from "zod";
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

export interface OpenConsoleInput {
  accountId: string;
  roleName: string;
  destination?: ConsoleDestination;
  reason?: string;
}

/** The console routes' input (JSON body or query string): ids checked, destination from the allow-list only. */
export const openConsoleInputSchema = z
  .object({
    accountId: accountIdSchema,
    roleName: roleNameSchema,
    destination: destinationInput,
    reason: reasonSchema,
  })
  .transform((input): OpenConsoleInput => ({
    accountId: input.accountId,
    roleName: input.roleName,
    ...(input.destination ? { destination: input.destination } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
  }));
