import type { Metadata } from "next";
import { AdminTabs } from "@/components/admin-access/admin-tabs";
import { ProfileEditor } from "@/components/admin-access/profile-editor";
import { ProfileVersionsTable } from "@/components/admin-access/profile-versions-table";
import { Notice } from "@/components/ui/notice";
import { Time } from "@/components/ui/time";
import { requireActor } from "@/lib/actor/from-request";
import { ServiceError } from "@/lib/errors";
import { getProfileVersion, getProfileVersions } from "@/lib/profile-versions/profile-versions-service";

export const metadata: Metadata = { title: "Access profiles" };
export const dynamic = "force-dynamic";

export default async function ProfilesPage() {
  const actor = await requireActor();
  let versions, current;
  try {
    versions = await getProfileVersions({ actor });
    current = await getProfileVersion({ actor, input: { version: versions.current } });
  } catch (error) {
    if (error instanceof ServiceError && error.status === 403) {
      return (
        <Notice tone="warning" title="Only administrators can change the access profiles">
          {error.message}
        </Notice>
      );
    }
    throw error;
  }
  return (
    <div className="space-y-6">
      <AdminTabs current="/access/profiles" />
      <header>
        <h1 className="text-2xl font-semibold">Access profiles</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400" data-testid="version-in-force">
          Version {current.version} is in force: {current.message} ({current.authorEmail}, <Time value={current.createdAt} />
          ).
        </p>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          The stored versions are the truth: the server&apos;s profile file only seeds version 1, and a restart never overwrites a change made here. From a file
          kept in git: <code>gatehouse policy diff FILE</code> and <code>gatehouse policy apply FILE</code>.
        </p>
      </header>
      <ProfileEditor initialText={current.text} version={current.version} />
      <section aria-labelledby="versions-heading" className="space-y-2">
        <h2 id="versions-heading" className="text-lg font-semibold">
          Versions
        </h2>
        <ProfileVersionsTable versions={versions.versions} current={versions.current} />
      </section>
    </div>
  );
}
