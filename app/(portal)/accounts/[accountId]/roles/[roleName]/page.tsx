import type { Metadata } from "next";
import Link from "next/link";
import { AccessRefused } from "@/components/console/access-refused";
import { CopyPageLink } from "@/components/console/copy-page-link";
import { OpenConsoleButton } from "@/components/console/open-console-button";
import { requireActor } from "@/lib/actor/from-request";
import { loadRoleAccess } from "@/lib/console/account-access";
import { describeAccessRequest } from "@/lib/console/access-request";
import { rolePath } from "@/lib/console/addresses";
import { explainConsoleHref } from "@/lib/access-explain/explain-links";

// /accounts/<accountId>/roles/<roleName>: one role, with Open console and Copy link, for whoever opens the address
// and may open the role; everyone else gets the refusal with the roles they do have in that account.

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ accountId: string; roleName: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { roleName } = await params;
  return { title: `Role ${roleName.slice(0, 64)}` };
}

export default async function RolePage({ params }: Params) {
  const user = await requireActor();
  const { accountId, roleName } = await params;
  const access = await loadRoleAccess(user, accountId, roleName);
  if (!access.allowed) {
    return (
      <AccessRefused
        {...(access.account ? { explainHref: explainConsoleHref(access.account.id, roleName) } : {})}
        title={`You may not open ${roleName.slice(0, 64)}${access.account ? ` in ${access.account.name}` : ""}`}
        reason={access.reason}
        alternativesTitle={access.account ? `Roles you do have in ${access.account.name}` : "Where you have access"}
        alternatives={
          access.roles.length
            ? access.roles.map((role) => ({
                href: rolePath(role.accountId, role.roleName),
                label: `${role.roleName} in ${role.accountName}`,
                detail: `profile ${role.profileId}`,
              }))
            : [{ href: "/", label: "Your access on the overview" }]
        }
        request={await describeAccessRequest()}
      />
    );
  }
  const { entry } = access;
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <Link className="text-brand-700 underline dark:text-brand-300" href={`/accounts/${entry.accountId}`}>
            {entry.accountName}
          </Link>{" "}
          · role
        </p>
        <h1 className="text-2xl font-semibold">
          {entry.roleName}{" "}
          <span className="font-normal text-slate-600 dark:text-slate-400">
            in {entry.accountName} ({entry.accountId})
          </span>
        </h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Granted by profile {entry.profileId} · console session {entry.details.sessionLength}
          {entry.details.requireReason ? " · your profile asks for a reason" : ""}
        </p>
      </header>
      <div className="flex flex-wrap items-start justify-between gap-4 rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-700 dark:bg-slate-900">
        <CopyPageLink path={rolePath(entry.accountId, entry.roleName)} label={`${entry.roleName} in ${entry.accountName}`} />
        <OpenConsoleButton accountId={entry.accountId} roleName={entry.roleName} accountName={entry.accountName} details={entry.details} />
      </div>
    </div>
  );
}
