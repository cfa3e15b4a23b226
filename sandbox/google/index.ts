// Sandbox Google: an OpenID issuer standing in for accounts.google.com, plus a fake Admin SDK Directory API.
// Dev/test/demo only; production code never imports this.
export { startGoogleSandbox, type GoogleSandbox, type GoogleSandboxOptions } from "./start-google-sandbox";
export { createSandboxServiceAccount, type SandboxServiceAccountKeyFile } from "./service-account";
export type { GoogleSandboxClient } from "./provider-config";
export type { SandboxServiceAccount } from "./directory-api";
export { DEFAULT_GROUPS_FILE, DEFAULT_USERS_FILE, loadSandboxGroups, loadSandboxUsers, type SandboxGroup, type SandboxUser } from "./seed-files";
