import { cookies } from "next/headers";
import { requireActor } from "@/lib/actor/from-request";
import { parseTheme, THEME_COOKIE } from "@/lib/ui/theme";
import { SiteHeader } from "@/components/layout/site-header";
import type { NavItem } from "@/components/layout/main-nav";
import { hasAnyProfile, PROFILE_ONLY_PAGES } from "@/lib/console/nav-access";
import { mayAdministerPeople } from "@/lib/people/people-service";

const NAV: NavItem[] = [
  { href: "/", label: "Overview" },
  { href: "/organization", label: "Organization" },
  { href: "/instances", label: "Instances" },
  { href: "/sessions", label: "Sessions" },
  { href: "/audit", label: "Audit log" },
  { href: "/cli", label: "Command line" },
];

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await requireActor();
  const [admin, profiled] = await Promise.all([mayAdministerPeople(user), hasAnyProfile(user)]);
  // No page in the navigation that the person cannot use (lib/console/nav-access.ts).
  const usable = profiled ? NAV : NAV.filter((item) => !PROFILE_ONLY_PAGES.has(item.href));
  const nav = admin ? [...usable, { href: "/people", label: "People" }, { href: "/access", label: "Who can reach what" }] : usable;
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:p-2 dark:focus:bg-slate-900"
      >
        Skip to content
      </a>
      <SiteHeader user={user} nav={nav} theme={theme} />
      <main id="main" className="mx-auto max-w-7xl px-4 py-8">
        {children}
      </main>
    </div>
  );
}
