// Addresses of the "why, and why not" page for one request, for refusal pages and the instance page.

export const explainConsoleHref = (accountId: string, roleName: string) => `/access/explain?${new URLSearchParams({ kind: "console", accountId, roleName })}`;

export const explainShellHref = (accountId: string, instanceId: string, region: string) =>
  `/access/explain?${new URLSearchParams({ kind: "shell", accountId, instanceId, region })}`;
