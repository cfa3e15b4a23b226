import "server-only";
import type { AccessPolicy } from "@/lib/access";
import type { Actor } from "@/lib/actor/actor";
import { getDb, type Db } from "@/lib/db/client";
import { ServiceError } from "@/lib/errors";
import type { AccessDiff, VersionDetail, VersionSummary } from "./policy-api";

// The stored versions of the access profiles (AccessPolicyVersion): only ever added to. The version number is the
// primary key, so of two changes made from the same version only the first is stored.

export type VersionSource = "file" | "admin-page" | "command-line" | "restore";
type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const SUMMARY = { version: true, sha256: true, message: true, source: true, restoredFrom: true, authorEmail: true, createdAt: true } as const;

const toSummary = (row: Omit<VersionSummary, "createdAt"> & { createdAt: Date }): VersionSummary => ({ ...row, createdAt: row.createdAt.toISOString() });

/** The newest versions first. */
export async function listVersions(limit: number): Promise<VersionSummary[]> {
  const rows = await getDb().accessPolicyVersion.findMany({ orderBy: { version: "desc" }, take: limit, select: SUMMARY });
  return rows.map(toSummary);
}

export async function findVersion(version: number): Promise<Omit<VersionDetail, "current"> | null> {
  const row = await getDb().accessPolicyVersion.findUnique({ where: { version }, select: { ...SUMMARY, text: true, diff: true } });
  return row ? { ...toSummary(row), text: row.text, diff: (row.diff as AccessDiff | null) ?? null } : null;
}

export async function insertVersion(
  tx: Tx,
  row: {
    version: number;
    text: string;
    sha256: string;
    content: AccessPolicy | null;
    message: string;
    source: VersionSource;
    restoredFrom: number | null;
    author: Pick<Actor, "sub" | "email">;
    diff: AccessDiff;
  },
): Promise<void> {
  try {
    await tx.accessPolicyVersion.create({
      data: {
        version: row.version,
        text: row.text,
        sha256: row.sha256,
        content: JSON.parse(JSON.stringify(row.content)),
        message: row.message,
        source: row.source,
        restoredFrom: row.restoredFrom,
        authorSub: row.author.sub,
        authorEmail: row.author.email,
        diff: JSON.parse(JSON.stringify(row.diff)),
      },
    });
  } catch (error) {
    if ((error as { code?: string } | null)?.code !== "P2002") throw error;
    throw new ServiceError("conflict", `Version ${row.version} was applied by someone else a moment ago. Preview your change again against it.`, {
      details: { currentVersion: row.version },
    });
  }
}
