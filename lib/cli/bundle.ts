import "server-only";
import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";

// The bundled `gatehouse` command line (dist/cli/gatehouse.mjs, built by scripts/build-cli.ts before next build),
// as Gatehouse serves it at /cli/gatehouse.mjs and the Command line page names it: its bytes and their SHA-256.
// Read once and kept while the file is unchanged, so a rebuild in place is picked up without a restart.

export const CLI_BUNDLE_PATH = path.join(process.cwd(), "dist", "cli", "gatehouse.mjs");

export interface CliBundle {
  bytes: Buffer;
  /** Lower-case hex. */
  sha256: string;
}

let cached: { mtimeMs: number; size: number; bundle: CliBundle } | null = null;

/** The bundle, or null when it has not been built. */
export async function readCliBundle(): Promise<CliBundle | null> {
  let info;
  try {
    info = await stat(CLI_BUNDLE_PATH);
  } catch {
    return null;
  }
  if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.bundle;
  const bytes = await readFile(CLI_BUNDLE_PATH);
  const bundle = { bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
  cached = { mtimeMs: info.mtimeMs, size: info.size, bundle };
  return bundle;
}
