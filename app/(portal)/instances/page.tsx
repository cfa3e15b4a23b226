import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/actor/from-request";
import { filtersFromQuery } from "@/lib/instances/filter-address";
import { listPermittedInstances } from "@/lib/instances/list-instances";
import { InstancesClient } from "./client";

export const metadata: Metadata = { title: "Instances" };
export const dynamic = "force-dynamic";

export default async function InstancesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await getActor();
  if (!user) redirect("/signin?callbackUrl=%2Finstances");
  const initialFilters = filtersFromQuery(await searchParams);
  const listing = await listPermittedInstances({ actor: user });
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Instances</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">
          Managed instances your access profiles let you reach, across your accounts and Gatehouse&apos;s regions. Shells open in the browser through Session
          Manager; every session is audited.
        </p>
      </header>
      <InstancesClient initial={listing} initialFilters={initialFilters} />
    </div>
  );
}
