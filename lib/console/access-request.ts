import "server-only";
import { getAccessPolicy } from "@/lib/access/policy-store";
import { getConfig } from "@/lib/config";

// How a refused person asks for access: ACCESS_REQUEST_URL (a ticket form or a mailto: address) with its words, or
// by default "ask your administrator (admins: …)" naming who the admin profiles are granted to, from the access
// file. Shown on every refusal page, so a refusal is never a dead end.

export type AccessRequest = { kind: "link"; href: string; text: string } | { kind: "ask"; admins: string[] };

export async function describeAccessRequest(): Promise<AccessRequest> {
  const config = getConfig();
  if (config.ACCESS_REQUEST_URL) {
    const fallback = config.ACCESS_REQUEST_URL.startsWith("mailto:")
      ? `Email ${config.ACCESS_REQUEST_URL.slice(7).split("?")[0]} to ask for access`
      : "Request access";
    return { kind: "link", href: config.ACCESS_REQUEST_URL, text: config.ACCESS_REQUEST_TEXT ?? fallback };
  }
  const policy = await getAccessPolicy();
  const admins = new Set<string>();
  for (const profile of policy.profiles) {
    if (!profile.admin) continue;
    for (const who of [...profile.grantedTo.groups, ...profile.grantedTo.users]) admins.add(who);
  }
  return { kind: "ask", admins: [...admins].sort() };
}
