#!/usr/bin/env node
// `npx gatehouse` inside the repository (package.json "bin"; docs/cli-facts.md §6): runs the bundled command line, dist/cli/gatehouse.mjs,
// bundling it first when it is missing or older than its sources (npm run build:cli does the same by hand).
// Anything the build prints goes to stderr: stdout belongs to the command (credential_process reads it).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bundle = path.join(root, "dist", "cli", "gatehouse.mjs");
const sources = [
  path.join(root, "cli"),
  path.join(root, "lib", "errors.ts"),
  path.join(root, "lib", "cli", "profile-name.ts"),
  path.join(root, "lib", "cli", "cli-api.ts"),
  path.join(root, "lib", "instances", "listing-types.ts"),
];

function newestSource(entry) {
  const stat = statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newestSource(path.join(entry, name))));
}

const built = statSync(bundle, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (!built || (existsSync(path.join(root, "cli")) && Math.max(...sources.map(newestSource)) > built)) {
  const tsx = path.join(root, "node_modules", ".bin", "tsx");
  const result = spawnSync(tsx, [path.join(root, "scripts", "build-cli.ts")], { cwd: root, stdio: ["ignore", 2, 2] });
  if (result.status !== 0 && !existsSync(bundle)) {
    process.stderr.write("gatehouse: could not bundle the command line (npm run build:cli says why)\n");
    process.exit(1);
  }
}
await import(new URL(`file://${bundle}`).href);
