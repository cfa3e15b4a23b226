import { defineConfig } from "vitest/config";
import path from "node:path";

const alias = { "@": path.resolve(import.meta.dirname), "server-only": path.resolve(import.meta.dirname, "tests/support/server-only.ts") };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" } },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // Gatehouse's JSON log lines (faults the tests cause on purpose, syncs) would bury the results; LOG_LEVEL=info
          // npm run test:integration shows them.
          env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" },
        },
      },
    ],
  },
});
