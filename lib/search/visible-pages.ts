import "server-only";
import { decide, type AccessPolicy, type Subject } from "@/lib/access";

// The portal's pages a person may open, for search: the same decisions the pages and the header's navigation make
// (Organization needs "org:view", People "admin:people"); the rest every signed-in person may open.

const PAGES: { label: string; href: string; needs?: "org:view" | "admin:people" }[] = [
  { label: "Overview", href: "/" },
  { label: "Organization", href: "/organization", needs: "org:view" },
  { label: "Instances", href: "/instances" },
  { label: "Sessions", href: "/sessions" },
  { label: "Audit log", href: "/audit" },
  { label: "Command line", href: "/cli" },
  { label: "People", href: "/people", needs: "admin:people" },
];

export function listVisiblePages(subject: Subject, policy: AccessPolicy): { label: string; href: string }[] {
  return PAGES.filter((page) => !page.needs || decide(subject, { action: page.needs }, { policy }).allowed).map(({ label, href }) => ({ label, href }));
}
