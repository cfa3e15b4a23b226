import Link from "next/link";

// The access-administration pages, as tabs under one heading: who can reach what, why (not), the profile versions
// and the AWS roles. A plain nav of links (each a whole page), marked with aria-current so a screen reader says
// which one is open.

const TABS = [
  { href: "/access", label: "Who can reach what" },
  { href: "/access/explain", label: "Why, and why not" },
  { href: "/access/profiles", label: "Profiles" },
  { href: "/access/setup", label: "AWS roles" },
] as const;

export type AdminTab = (typeof TABS)[number]["href"];

export function AdminTabs({ current }: { current: AdminTab }) {
  return (
    <nav aria-label="Access administration" className="-mx-1 flex flex-wrap gap-1 border-b border-slate-200 pb-2 text-sm dark:border-slate-800">
      {TABS.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.href === current ? "page" : undefined}
          className={
            tab.href === current
              ? "rounded-md bg-slate-900 px-3 py-1.5 font-medium text-white dark:bg-slate-100 dark:text-slate-900"
              : "rounded-md px-3 py-1.5 text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
          }
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
