// npm run build:cli - bundle the `gatehouse` command line into dist/cli/gatehouse.mjs (also part of npm run build).
import path from "node:path";
import { buildCliBundle } from "./lib/build-cli-bundle";

const { file, bytes } = await buildCliBundle();
console.log(`[gatehouse] command line bundled: ${path.relative(process.cwd(), file)} (${(bytes / 1024).toFixed(1)} KiB)`);
