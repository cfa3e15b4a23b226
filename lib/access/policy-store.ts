import "server-only";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { AccessPolicyError, parseAccessPolicy } from "./parse-policy";
import type { AccessPolicy } from "./schema";

// The access-profile file is read once at start-up, validated, and stored in the database; every Gatehouse instance
// then decides from the stored copy, so instances behind a load balancer never disagree for long.

const CACHE_MS = 15_000;
let cache: { policy: AccessPolicy; sha256: string; at: number } | undefined;

/** Reads ACCESS_PROFILES_FILE, refuses it with line and field on any error, and stores it as the current policy. */
export async function publishAccessPolicyFile(file = getConfig().ACCESS_PROFILES_FILE): Promise<AccessPolicy> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new AccessPolicyError(`Cannot read the access-profile file ${file}: ${error.code ?? error.message}`, file);
  });
  const parsed = parseAccessPolicy(text, file);
  if (!parsed.ok) throw new AccessPolicyError(parsed.message, file, parsed.issues);
  const sha256 = createHash("sha256").update(text).digest("hex");
  const content = JSON.parse(JSON.stringify(parsed.policy));
  await getDb().accessPolicyDocument.upsert({
    where: { id: "current" },
    create: { id: "current", source: file, sha256, content },
    update: { source: file, sha256, content, loadedAt: new Date() },
  });
  cache = { policy: parsed.policy, sha256, at: Date.now() };
  return parsed.policy;
}

/** The current access policy, from the database (cached for a few seconds). Deny-all if none was ever stored. */
export async function getAccessPolicy(): Promise<AccessPolicy> {
  if (cache && Date.now() - cache.at < CACHE_MS) return cache.policy;
  const row = await getDb().accessPolicyDocument.findUnique({ where: { id: "current" } });
  if (!row) return publishAccessPolicyFile();
  if (cache?.sha256 === row.sha256) {
    cache.at = Date.now();
    return cache.policy;
  }
  const parsed = parseAccessPolicy(JSON.stringify(row.content), row.source);
  if (!parsed.ok) throw new AccessPolicyError(parsed.message, row.source, parsed.issues);
  cache = { policy: parsed.policy, sha256: row.sha256, at: Date.now() };
  return parsed.policy;
}
