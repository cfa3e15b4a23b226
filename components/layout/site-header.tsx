import Image from "next/image";
import Link from "next/link";
import type { Actor } from "@/lib/actor/actor";
import { MainNav, type NavItem } from "./main-nav";
import { UserMenu } from "./user-menu";

export function SiteHeader({ user, nav }: { user: Actor; nav: NavItem[] }) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-14 max-w-7xl items-center gap-6 px-4">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <Image src="/gatehouse.svg" alt="" width={28} height={28} />
          Gatehouse
        </Link>
        <MainNav items={nav} />
        <div className="ml-auto">
          <UserMenu name={user.name} email={user.email} groups={user.groups} />
        </div>
      </div>
    </header>
  );
}
