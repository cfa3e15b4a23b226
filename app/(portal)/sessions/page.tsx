import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/actor/from-request";
import { listShellSessions } from "@/lib/instances/list-sessions";
import { SessionsClient } from "./client";

export const metadata: Metadata = { title: "Sessions" };
export const dynamic = "force-dynamic";

export default async function SessionsPage({ searchParams }: { searchParams: Promise<{ scope?: string }> }) {
  const user = await getActor();
  if (!user) redirect("/signin?callbackUrl=%2Fsessions");
  const { scope } = await searchParams;
  const listing = await listShellSessions({ actor: user, everyone: scope !== "mine" });
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Sessions</h1>
          <p className="mt-1 text-slate-600 dark:text-slate-400">
            {listing.everyone ? "Every Session Manager shell started through Gatehouse" : "Your Session Manager shells"}, newest first, with their live status
            from AWS.
          </p>
        </div>
        {listing.isAdmin ? (
          <nav aria-label="Whose sessions" className="flex gap-1 text-sm">
            <Link
              href="/sessions"
              aria-current={listing.everyone ? "page" : undefined}
              className={`rounded-md px-3 py-1.5 ${listing.everyone ? "bg-brand-50 dark:bg-brand-950 font-medium text-brand-700 dark:text-brand-300" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
            >
              Everyone
            </Link>
            <Link
              href="/sessions?scope=mine"
              aria-current={listing.everyone ? undefined : "page"}
              className={`rounded-md px-3 py-1.5 ${listing.everyone ? "hover:bg-slate-100 dark:hover:bg-slate-800" : "bg-brand-50 dark:bg-brand-950 font-medium text-brand-700 dark:text-brand-300"}`}
            >
              Mine
            </Link>
          </nav>
        ) : null}
      </header>
      <SessionsClient listing={listing} />
    </div>
  );
}
