import { accountHref, instanceHref, roleHref } from "./search-links";
import type { DirectoryIndex, InstanceIndex, SearchItem, SearchKind } from "./search-types";

// The served indexes as searchable items, with their lowercase keys computed once here rather than per keystroke.
// Items come out in the order equal-ranked results are shown: pages, accounts, roles, instances, each by name.

function item(kind: SearchKind, label: string, detail: string, href: string, id = ""): SearchItem {
  return { kind, label, detail, href, id, labelKey: label.toLowerCase(), detailKey: detail.toLowerCase() };
}

const byLabel = (a: SearchItem, b: SearchItem) => (a.labelKey < b.labelKey ? -1 : a.labelKey > b.labelKey ? 1 : a.detailKey < b.detailKey ? -1 : 1);

export function buildDirectoryItems(index: DirectoryIndex): SearchItem[] {
  const pages = index.pages.map((page) => item("page", page.label, "Page", page.href));
  const accounts: SearchItem[] = [];
  const roles: SearchItem[] = [];
  for (const [accountId, name, roleNames] of index.accounts) {
    accounts.push(item("account", name, accountId, accountHref(accountId), accountId));
    for (const roleName of roleNames) roles.push(item("role", roleName, `${name} · ${accountId}`, roleHref(accountId, roleName)));
  }
  return [...pages, ...accounts.sort(byLabel), ...roles.sort(byLabel)];
}

export function buildInstanceItems(index: InstanceIndex): SearchItem[] {
  return index.instances
    .map(([instanceId, name, accountId, accountName, region]) =>
      item(
        "instance",
        name || instanceId,
        `${name ? `${instanceId} · ` : ""}${accountName} · ${accountId} · ${region}`,
        instanceHref(instanceId, accountId, region),
        instanceId,
      ),
    )
    .sort(byLabel);
}
