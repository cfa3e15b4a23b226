import type { Metadata } from "next";
import Link from "next/link";
import { AccessDiffView } from "@/components/admin-access/access-diff-view";
import { AdminTabs } from "@/components/admin-access/admin-tabs";
import { RestoreVersion } from "@/components/admin-access/restore-version";
import { Notice } from "@/components/ui/notice";
import { Time } from "@/components/ui/time";
import { requireActor } from "@/lib/actor/from-request";
import { ServiceError } from "@/lib/errors";
import { versionParamsSchema } from "@/lib/profile-versions/change-input";
import { getProfileVersion } from "@/lib/profile-versions/profile-versions-service";

export const metadata: Metadata = { title: "Access profile version" };
export const dynamic = "force-dynamic";

export default async function ProfileVersionPage({ params }: { params: Promise<{ version: string }> }) {
  const actor = await requireActor();
  const parsed = versionParamsSchema.safeParse(await params);
  if (!parsed.success) {
    return (
      <Notice tone="error" title="Not a version number">
        Versions are numbered 1, 2, 3… <Link href="/access/profiles">See every version</Link>.
      </Notice>
    );
  }
  let found;
  try {
    found = await getProfileVersion({ actor, input: parsed.data });
  } catch (error) {
    if (error instanceof ServiceError && (error.status === 403 || error.status === 404)) {
      return (
        <Notice
          tone={error.status === 403 ? "warning" : "error"}
          title={error.status === 403 ? "Only administrators can see profile versions" : "No such version"}
        >
          {error.message} {error.status === 404 ? <Link href="/access/profiles">See every version</Link> : null}
        </Notice>
      );
    }
    throw error;
  }
  const inForce = found.version === found.current;
  return (
    <div className="space-y-6">
      <AdminTabs current="/access/profiles" />
      <header>
        <p className="text-sm">
          <Link className="text-brand-700 underline dark:text-brand-300" href="/access/profiles">
            ← Access profiles
          </Link>
        </p>
        <h1 className="mt-1 text-2xl font-semibold">
          Version {found.version}
          {inForce ? <span className="ml-2 align-middle text-sm font-normal text-emerald-800 dark:text-emerald-300">in force</span> : null}
        </h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">
          {found.message} · {found.authorEmail} · <Time value={found.createdAt} />
          {found.restoredFrom ? ` · restores version ${found.restoredFrom}` : ""}
        </p>
        <p className="mt-1 text-xs break-all text-slate-500 dark:text-slate-400">SHA-256 {found.sha256}</p>
      </header>
      <section aria-labelledby="diff-heading" className="space-y-2">
        <h2 id="diff-heading" className="text-lg font-semibold">
          {found.version === 1 ? "The first version" : `What it changed from version ${found.version - 1}`}
        </h2>
        {found.diff ? (
          <AccessDiffView diff={found.diff} />
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">Seeded from the profile file: nothing before it.</p>
        )}
      </section>
      {inForce ? null : <RestoreVersion version={found.version} />}
      <section aria-labelledby="text-heading" className="space-y-2">
        <h2 id="text-heading" className="text-lg font-semibold">
          Text
        </h2>
        <pre
          className="overflow-x-auto rounded-lg border border-slate-200 bg-slate-50 p-3 text-xs leading-5 dark:border-slate-700 dark:bg-slate-900"
          data-testid="version-text"
        >
          {found.text}
        </pre>
      </section>
    </div>
  );
}
