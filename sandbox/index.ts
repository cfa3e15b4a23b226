// The whole sandbox: sandbox AWS and the sandbox Google issuer, started together for the demo and the browser tests.
// Returns the environment that points Gatehouse at them; Gatehouse's own code is the same as in production.
import { SANDBOX_BROKER, startAwsSandbox } from "./aws";
import { startGoogleSandbox } from "./google/start-google-sandbox";

export interface SandboxOptions {
  /** Gatehouse's public URL (for the OAuth redirect URI). */
  appUrl: string;
  googlePort?: number;
  awsPort?: number;
  dataDir?: string;
}

export interface RunningSandbox {
  /** Environment variables that configure Gatehouse to use this sandbox. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export const SANDBOX_GOOGLE_CLIENT = { clientId: "gatehouse-sandbox-client", clientSecret: "gatehouse-sandbox-secret" } as const;

/** The settings that point Gatehouse at a sandbox AWS and sandbox Google issuer (the demo's, or a test's own). */
export function sandboxEnvironment(urls: { awsUrl: string; googleIssuer: string }): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: urls.awsUrl,
    AWS_FEDERATION_URL: `${urls.awsUrl}/federation`,
    AWS_SIGNIN_URL: urls.awsUrl,
    AWS_ACCESS_KEY_ID: SANDBOX_BROKER.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SANDBOX_BROKER.secretAccessKey,
    AWS_REGION: "us-east-1",
    AWS_REGIONS: "us-east-1,eu-west-1",
    BROKER_MODE: "keys",
    GOOGLE_ISSUER: urls.googleIssuer,
    GOOGLE_CLIENT_ID: SANDBOX_GOOGLE_CLIENT.clientId,
    GOOGLE_CLIENT_SECRET: SANDBOX_GOOGLE_CLIENT.clientSecret,
    ALLOWED_DOMAINS: "example.com",
    GROUPS_SOURCE: "static",
    GROUPS_FILE: "config/demo/groups.yaml",
    ACCESS_PROFILES_FILE: "config/demo/access-profiles.yaml",
  };
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const appUrl = options.appUrl.replace(/\/+$/, "");
  const google = await startGoogleSandbox({
    port: options.googlePort ?? 4000,
    clients: [{ ...SANDBOX_GOOGLE_CLIENT, redirectUris: [`${appUrl}/api/auth/callback/google`], name: "Gatehouse" }],
    ...(options.dataDir ? { dataDir: `${options.dataDir}/google` } : {}),
  });
  const aws = await startAwsSandbox({
    port: options.awsPort ?? 4566,
    googleIssuer: google.issuer,
    googleAudience: SANDBOX_GOOGLE_CLIENT.clientId,
  });
  return {
    env: sandboxEnvironment({ awsUrl: aws.url, googleIssuer: google.issuer }),
    async close() {
      await Promise.all([google.close(), aws.close()]);
    },
  };
}
