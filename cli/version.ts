// The program's version: package.json's, written in by scripts/build-cli.ts (esbuild `define`); "dev" unbundled.
export const VERSION: string = process.env.GATEHOUSE_CLI_VERSION ?? "dev";
