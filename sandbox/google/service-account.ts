import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { SandboxServiceAccount } from "./directory-api";

/** Google's key-file JSON, restricted to what Gatehouse reads, plus the pieces that make it look like the real one. */
export type SandboxServiceAccountKeyFile = {
  type: "service_account";
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  token_uri: string;
};

/**
 * A fresh service account for the fake Directory API: the key file Gatehouse is configured with, and the
 * registration (public key) to pass to startGoogleSandbox({ serviceAccounts }). `tokenUri` defaults to the sandbox's
 * default port; with an ephemeral port, set the key file's token_uri to `sandbox.tokenUrl` once it has started.
 */
export function createSandboxServiceAccount(options: { clientEmail?: string; tokenUri?: string } = {}): {
  keyFile: SandboxServiceAccountKeyFile;
  registration: SandboxServiceAccount;
} {
  const clientEmail = options.clientEmail ?? "gatehouse-directory@gatehouse-sandbox.iam.gserviceaccount.com";
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    keyFile: {
      type: "service_account",
      project_id: "gatehouse-sandbox",
      private_key_id: randomBytes(20).toString("hex"),
      private_key: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
      client_email: clientEmail,
      client_id: String(100000000000000000000n + BigInt(randomBytes(6).readUIntBE(0, 6))),
      token_uri: options.tokenUri ?? "http://localhost:4000/token",
    },
    registration: { clientEmail, publicKeyPem: publicKey.export({ format: "pem", type: "spki" }).toString() },
  };
}
