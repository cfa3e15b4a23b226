// Files only their owner may read (0600) in folders only their owner may enter (0700), written atomically: a
// reader sees the old file or the new one, never half of one, and a crash leaves no partial token behind.
import { chmodSync, mkdirSync, openSync, closeSync, writeSync, fsyncSync, renameSync, readFileSync, rmSync, unlinkSync } from "node:fs";
import path from "node:path";

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Writes `text` to `file` through a temporary file in the same folder, with `mode` (0600 unless told). `durable`
 * flushes it to disk before the rename; a cache (which a damaged file only turns into a miss) can skip that.
 */
export function writeFileAtomic(file: string, text: string, mode = PRIVATE_FILE_MODE, durable = true): void {
  // Opened with "wx" (never an existing file), so the name needs to be unique, not unguessable.
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
  const fd = openSync(temp, "wx", mode);
  try {
    writeSync(fd, text);
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    // The umask may have taken bits away (or a strict one kept them); the mode asked for is the mode written.
    chmodSync(temp, mode);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export function writePrivateJson(file: string, value: unknown): void {
  ensurePrivateDir(path.dirname(file));
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** The parsed JSON of a file, or null when it is missing or not JSON (a damaged file counts as none). */
export function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return null;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

export function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
