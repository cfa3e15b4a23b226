// Where each search result leads. Every address is checked again by its page against the person's access; these
// only name the thing.

const segment = encodeURIComponent;

export const accountHref = (accountId: string) => `/accounts/${segment(accountId)}`;

export const roleHref = (accountId: string, roleName: string) => `/accounts/${segment(accountId)}/roles/${segment(roleName)}`;

export const instanceHref = (instanceId: string, accountId: string, region: string) =>
  `/instances/${segment(instanceId)}?${new URLSearchParams({ account: accountId, region }).toString()}`;
