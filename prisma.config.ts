// Prisma CLI configuration: the WebAssembly schema engine talks to PostgreSQL through the pg driver adapter,
// so `prisma migrate deploy` works offline (no engine download) against PostgreSQL and PGlite alike.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// `prisma generate` needs DATABASE_URL to be set, not reachable.
process.env.DATABASE_URL ??= "postgresql://unset@127.0.0.1:1/unset";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL });
  },
});
