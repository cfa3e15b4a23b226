// The `gatehouse` command line as one file: cli/main.ts and what it imports from cli/ and lib/, bundled by esbuild
// into dist/cli/gatehouse.mjs for Node 20.19+ and 22+. It must have no runtime dependencies: the build fails if
// anything from node_modules went in or if it imports anything but Node's built-in modules.
import { build } from "esbuild";
import { chmodSync, readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const CLI_BUNDLE = path.join(ROOT, "dist", "cli", "gatehouse.mjs");

export async function buildCliBundle(): Promise<{ file: string; bytes: number }> {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  const result = await build({
    entryPoints: [path.join(ROOT, "cli", "main.ts")],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    define: { "process.env.GATEHOUSE_CLI_VERSION": JSON.stringify(version) },
    banner: {
      js: `#!/usr/bin/env node\n// gatehouse ${version}: the Gatehouse command line (see the README, "Command line"), built from cli/ by scripts/build-cli.ts.`,
    },
    legalComments: "none",
    metafile: true,
    logLevel: "warning",
  });
  const inputs = Object.keys(result.metafile.inputs);
  const foreign = inputs.filter((input) => !/^(cli|lib)\//.test(input));
  if (foreign.length > 0) throw new Error(`the command line must not bundle anything outside cli/ and lib/: ${foreign.join(", ")}`);
  const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((entry) => entry.path));
  const external = imports.filter((name) => !name.startsWith("node:"));
  if (external.length > 0) throw new Error(`the command line may import only Node's built-in modules (node:…), not ${external.join(", ")}`);
  chmodSync(CLI_BUNDLE, 0o755);
  return { file: CLI_BUNDLE, bytes: Object.values(result.metafile.outputs)[0]?.bytes ?? 0 };
}
