import Image from "next/image";
import Link from "next/link";
import type { Actor } from "@/lib/actor/actor";
import { MainNav, type NavItem } from "./main-nav";
import { UserMenu } from "./user-menu";

export function SiteHeader({ user, nav }: { user: Actor; nav: NavItem[] }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      {/* On a phone the navigation wraps onto its own row below the name and the account menu. */}
      <div className="mx-auto flex min-h-14 max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2">
        <Link href="/" className="order-1 flex items-center gap-2 font-semibold tracking-tight">
          <Image src="/gatehouse.svg" alt="" width={28} height={28} />
          Gatehouse
        </Link>
        <div className="order-3 w-full md:order-2 md:w-auto">
          <MainNav items={nav} />
        </div>
        <div className="order-2 ml-auto md:order-3">
          <UserMenu name={user.name} email={user.email} groups={user.groups} />
        </div>
      </div>
    </header>
  );
}
