// Starts the sandbox Google issuer on its own: `npx tsx sandbox/google/cli.ts`.
// Environment: GOOGLE_SANDBOX_PORT (4000), GOOGLE_CLIENT_ID / GOOGLE_CLIENT_SECRET (the demo client),
// GATEHOUSE_URL (http://localhost:3000, for the redirect URI), GOOGLE_SANDBOX_DATA_DIR (keeps the signing key and
// the Directory API service-account key file between runs).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSandboxServiceAccount, type SandboxServiceAccountKeyFile } from "./service-account";
import { startGoogleSandbox } from "./start-google-sandbox";

const port = Number(process.env.GOOGLE_SANDBOX_PORT ?? 4000);
const clientId = process.env.GOOGLE_CLIENT_ID ?? "gatehouse-sandbox-client";
const clientSecret = process.env.GOOGLE_CLIENT_SECRET ?? "gatehouse-sandbox-secret";
const appUrl = (process.env.GATEHOUSE_URL ?? "http://localhost:3000").replace(/\/+$/, "");
const dataDir = process.env.GOOGLE_SANDBOX_DATA_DIR;
const issuer = `http://localhost:${port}`;

// Reuse the service-account key file if one was written before, so Gatehouse's configured credentials keep working.
const keyPath = dataDir ? join(dataDir, "google-service-account.json") : undefined;
const account = createSandboxServiceAccount({ tokenUri: `${issuer}/token` });
let keyFile: SandboxServiceAccountKeyFile = account.keyFile;
let registration = account.registration;
if (keyPath && existsSync(keyPath)) {
  keyFile = JSON.parse(readFileSync(keyPath, "utf8")) as SandboxServiceAccountKeyFile;
  const { createPublicKey } = await import("node:crypto");
  registration = { clientEmail: keyFile.client_email, publicKeyPem: createPublicKey(keyFile.private_key).export({ format: "pem", type: "spki" }).toString() };
} else if (keyPath && dataDir) {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(keyPath, JSON.stringify(keyFile, null, 2), { mode: 0o600 });
}

const sandbox = await startGoogleSandbox({
  port,
  clients: [{ clientId, clientSecret, redirectUris: [`${appUrl}/api/auth/callback/google`], name: "Gatehouse" }],
  serviceAccounts: [registration],
  ...(dataDir ? { dataDir } : {}),
});
console.log(`Sandbox Google issuer: ${sandbox.issuer}/.well-known/openid-configuration`);
console.log(`  client ${clientId} / ${clientSecret}, redirect ${appUrl}/api/auth/callback/google`);
console.log(`  Directory API: ${sandbox.directoryBaseUrl}/admin/directory/v1/groups${keyPath ? `, service account key ${keyPath}` : ""}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void sandbox.close().then(() => process.exit(0)));
}
