import "server-only";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { AccessPolicyError, parseAccessPolicy } from "./parse-policy";
import type { AccessPolicy } from "./schema";

// The access profiles in force: the newest stored version (AccessPolicyVersion). The stored versions are the truth;
// ACCESS_PROFILES_FILE only seeds version 1 when there is none, so a change made on the admin pages or with
// `gatehouse policy apply` is never overwritten by a restart (README, "Profile versions"). Every Gatehouse instance
// decides from the same stored version, re-read at most every few seconds.

const CACHE_MS = 15_000;

export type CurrentPolicy = { version: number; sha256: string; policy: AccessPolicy };

// On globalThis, like the database client: Next bundles each route and page with its own copy of this module, and
// all of them must forget the cached version when one of them applies a change.
const holder = globalThis as unknown as { gatehousePolicyCache?: CurrentPolicy & { at: number } };

export const sha256Of = (text: string) => createHash("sha256").update(text).digest("hex");

async function readPolicyFile(file: string): Promise<{ text: string; policy: AccessPolicy }> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new AccessPolicyError(`Cannot read the access-profile file ${file}: ${error.code ?? error.message}`, file);
  });
  const parsed = parseAccessPolicy(text, file);
  if (!parsed.ok) throw new AccessPolicyError(parsed.message, file, parsed.issues);
  return { text, policy: parsed.policy };
}

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "P2002";

/** Stores `text` as version `version` from the file, unless another instance stored that version first. */
async function storeFileVersion(version: number, file: string, text: string, policy: AccessPolicy, message: string): Promise<void> {
  try {
    await getDb().accessPolicyVersion.create({
      data: { version, text, sha256: sha256Of(text), content: JSON.parse(JSON.stringify(policy)), message, source: "file", authorEmail: `file:${file}` },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  forgetCachedPolicy();
}

/**
 * At start-up: with no stored version, the file (validated, line and field on any error) becomes version 1. With
 * stored versions the file is left alone; if it differs from the version in force, a warning says so.
 */
export async function seedAccessPolicy(file = getConfig().ACCESS_PROFILES_FILE): Promise<void> {
  const current = await getDb().accessPolicyVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true, sha256: true } });
  if (!current) {
    const { text, policy } = await readPolicyFile(file);
    await storeFileVersion(1, file, text, policy, `First version, from ${file}`);
    return;
  }
  const text = await readFile(file, "utf8").catch(() => null);
  if (text !== null && sha256Of(text) !== current.sha256) {
    logger("access").warn(
      { file, version: current.version },
      "the access-profile file differs from the stored version in force; the stored version wins (apply the file with gatehouse policy apply to make it current)",
    );
  }
}

/**
 * Makes the file the version in force, as a new version by the file, unless it already is. For tests and benchmarks
 * that switch profiles; a Gatehouse server never calls it (it would overwrite changes made on the admin pages).
 */
export async function publishAccessPolicyFile(file = getConfig().ACCESS_PROFILES_FILE): Promise<AccessPolicy> {
  const { text, policy } = await readPolicyFile(file);
  const current = await getDb().accessPolicyVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true, sha256: true } });
  if (current?.sha256 !== sha256Of(text)) await storeFileVersion((current?.version ?? 0) + 1, file, text, policy, `From ${file}`);
  return policy;
}

/** After a change on this instance: the next read goes to the database. */
export function forgetCachedPolicy(): void {
  holder.gatehousePolicyCache = undefined;
}

/** The version in force, its text's SHA-256 and its parsed profiles (cached for a few seconds). */
export async function getCurrentPolicy(): Promise<CurrentPolicy> {
  const cache = holder.gatehousePolicyCache;
  if (cache && Date.now() - cache.at < CACHE_MS) return cache;
  const db = getDb();
  let head = await db.accessPolicyVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true, sha256: true } });
  if (!head) {
    await seedAccessPolicy();
    head = await db.accessPolicyVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true, sha256: true } });
    if (!head) throw new AccessPolicyError("No access-profile version is stored.", "database");
  }
  if (cache && cache.version === head.version && cache.sha256 === head.sha256) {
    cache.at = Date.now();
    return cache;
  }
  const row = await db.accessPolicyVersion.findUniqueOrThrow({ where: { version: head.version }, select: { content: true } });
  const parsed = parseAccessPolicy(JSON.stringify(row.content), `version ${head.version}`);
  if (!parsed.ok) throw new AccessPolicyError(parsed.message, `version ${head.version}`, parsed.issues);
  holder.gatehousePolicyCache = { version: head.version, sha256: head.sha256, policy: parsed.policy, at: Date.now() };
  return holder.gatehousePolicyCache;
}

/** The access profiles in force (decide()'s policy). */
export async function getAccessPolicy(): Promise<AccessPolicy> {
  return (await getCurrentPolicy()).policy;
}
