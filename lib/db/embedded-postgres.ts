// The embedded default database: PGlite (PostgreSQL compiled to WebAssembly) persisted in a local folder and
// served over the PostgreSQL wire protocol, so Prisma, `prisma migrate deploy` and `pg` use it exactly as they
// would use a PostgreSQL server. One process owns the folder; run one Gatehouse instance on it.
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgres {
  url: string;
  dumpDataDir(): Promise<Blob>;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: {
  dataDir?: string;
  host?: string;
  port: number;
  /** Start from a dump made by `dumpDataDir()` (tests start from an already-migrated database this way). */
  loadDataDir?: Blob;
}): Promise<EmbeddedPostgres> {
  const host = options.host ?? "127.0.0.1";
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
  const server = new PGLiteSocketServer({ db, host, port: options.port, maxConnections: 16 });
  await server.start();
  const port = Number(server.getServerConn().split(":").pop());
  return {
    // PGlite runs one query at a time; sslmode=disable because the socket server speaks plain TCP.
    url: `postgresql://postgres:postgres@${host}:${port}/postgres?sslmode=disable`,
    dumpDataDir: async () => (await db.dumpDataDir("none")) as Blob,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
