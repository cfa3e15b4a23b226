import Image from "next/image";
import Link from "next/link";
import type { Actor } from "@/lib/actor/actor";
import { MainNav, type NavItem } from "./main-nav";
import type { Theme } from "@/lib/ui/theme";
import { ThemeToggle } from "./theme-toggle";
import { PaletteLauncher } from "@/components/palette/palette-launcher";
import { UserMenu } from "./user-menu";

export function SiteHeader({ user, nav, theme }: { user: Actor; nav: NavItem[]; theme: Theme }) {
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      {/* On a phone the navigation wraps onto its own row below the name and the account menu. */}
      <div className="mx-auto flex min-h-14 max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2">
        <Link href="/" className="order-1 flex items-center gap-2 font-semibold tracking-tight">
          <Image src="/gatehouse.svg" alt="" width={28} height={28} />
          Gatehouse
        </Link>
        <div className="order-3 w-full md:order-2 md:w-auto">
          <MainNav items={nav} />
        </div>
        <div className="order-2 ml-auto flex flex-wrap items-center justify-end gap-2 sm:gap-3 md:order-3">
          <PaletteLauncher />
          <ThemeToggle initial={theme} />
          <UserMenu name={user.name} email={user.email} groups={user.groups} />
        </div>
      </div>
    </header>
  );
}
