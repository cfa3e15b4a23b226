import { startAwsSandbox } from "./server";

// Run the sandbox AWS on its own (benchmarks, manual poking):
//   npx tsx sandbox/aws/cli.ts
// Environment: SANDBOX_AWS_PORT (4566), SANDBOX_AWS_HOST (127.0.0.1), SANDBOX_AWS_SEED (a seed file),
// SANDBOX_AWS_PAGE_SIZE (5), SANDBOX_AWS_SHORT_PAGES (1 to enable), SANDBOX_AWS_PUBLIC_URL, GOOGLE_ISSUER,
// GOOGLE_CLIENT_ID (the audience trust policies expect).

async function main(): Promise<void> {
  const env = process.env;
  const sandbox = await startAwsSandbox({
    port: Number(env.SANDBOX_AWS_PORT ?? 4566),
    host: env.SANDBOX_AWS_HOST ?? "127.0.0.1",
    ...(env.SANDBOX_AWS_SEED ? { seed: env.SANDBOX_AWS_SEED } : {}),
    pageSize: Number(env.SANDBOX_AWS_PAGE_SIZE ?? 5),
    shortPages: env.SANDBOX_AWS_SHORT_PAGES === "1",
    ...(env.SANDBOX_AWS_PUBLIC_URL ? { publicUrl: env.SANDBOX_AWS_PUBLIC_URL } : {}),
    ...(env.GOOGLE_ISSUER ? { googleIssuer: env.GOOGLE_ISSUER } : {}),
    ...(env.GOOGLE_CLIENT_ID ? { googleAudience: env.GOOGLE_CLIENT_ID } : {}),
  });
  const { world } = sandbox.state;
  console.log(`sandbox AWS listening on ${sandbox.url} (${world.accounts.size} accounts, ${world.ous.size} OUs, org ${world.org.id})`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
