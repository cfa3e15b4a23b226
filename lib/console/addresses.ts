// Gatehouse's own addresses for what people link to and share (docs in /tmp/readme/links-urls.md → README). Each
// page checks the person who opens it; these only build the paths.

export const accountPath = (accountId: string) => `/accounts/${encodeURIComponent(accountId)}`;

export const rolePath = (accountId: string, roleName: string) => `${accountPath(accountId)}/roles/${encodeURIComponent(roleName)}`;

export function instancePath(instanceId: string, accountId: string, region: string): string {
  return `/instances/${encodeURIComponent(instanceId)}?${new URLSearchParams({ account: accountId, region })}`;
}
