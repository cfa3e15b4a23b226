import type { Metadata } from "next";
import { Suspense } from "react";
import { FavouriteAndRecentRoles } from "@/components/console/favourite-and-recent-roles";
import { OrgExplorer } from "@/components/org/org-explorer";
import { SyncStatus } from "@/components/org/sync-status";
import { Notice } from "@/components/ui/notice";
import { requireActor } from "@/lib/actor/from-request";
import { loadSelectedNode } from "@/lib/org/node-address";
import { loadOrganizationPage } from "@/lib/org/organization-page";

export const metadata: Metadata = { title: "Organization" };
export const dynamic = "force-dynamic";

export default async function OrganizationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireActor();
  const page = await loadOrganizationPage(user);
  const { node } = await searchParams;
  const selected = page.kind === "ok" && page.tree ? await loadSelectedNode(user, typeof node === "string" ? node : undefined) : null;
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Organization</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">
          The AWS organization as Gatehouse last read it: every OU and account, the service control policies on each, and the roles you may open the console as
          (marked in green).
        </p>
      </header>
      {page.kind === "denied" ? (
        <Notice tone="warning" title="You cannot view the organization">
          {page.reason}
        </Notice>
      ) : (
        <>
          <Suspense fallback={<p className="text-sm text-slate-500 dark:text-slate-400">Loading your favourite and recent roles…</p>}>
            <FavouriteAndRecentRoles />
          </Suspense>
          <SyncStatus initial={page.sync} mayAdminSync={page.mayAdminSync} />
          {page.tree ? (
            <OrgExplorer
              key={page.tree.syncId}
              root={page.tree.root}
              rootChildren={page.tree.rootChildren}
              policies={page.tree.policies}
              initialSelection={selected}
            />
          ) : (
            <Notice title="No organization yet">
              Gatehouse has not stored the organization yet. It reads it from AWS at start-up and then on a schedule
              {page.mayAdminSync ? "; use Sync now to read it immediately." : "; check back in a minute."}
            </Notice>
          )}
        </>
      )}
    </div>
  );
}
