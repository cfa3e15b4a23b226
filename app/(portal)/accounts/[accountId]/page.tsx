import type { Metadata } from "next";
import Link from "next/link";
import { AccessRefused } from "@/components/console/access-refused";
import { ConsoleRoleList } from "@/components/console/console-role-list";
import { requireActor } from "@/lib/actor/from-request";
import { loadAccountAccess } from "@/lib/console/account-access";
import { describeAccessRequest } from "@/lib/console/access-request";

// /accounts/<accountId>: one account and the roles the person may open there, checked on the server for whoever
// opens the address.

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ accountId: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { accountId } = await params;
  return { title: `Account ${/^\d{12}$/.test(accountId) ? accountId : "not found"}` };
}

export default async function AccountPage({ params }: Params) {
  const user = await requireActor();
  const { accountId } = await params;
  const { account, roles } = await loadAccountAccess(user, accountId);
  if (!account || roles.length === 0) {
    return (
      <AccessRefused
        title={account ? `You have no role in ${account.name}` : "No such account"}
        reason={
          account
            ? `Your profiles grant no role in account ${account.id} (${account.name}).`
            : `Gatehouse knows no account ${/^\d{12}$/.test(accountId) ? accountId : "with that id"} in the organization.`
        }
        alternativesTitle="Accounts you can open"
        alternatives={[{ href: "/", label: "Your access on the overview" }]}
        request={await describeAccessRequest()}
      />
    );
  }
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <Link className="text-brand-700 underline dark:text-brand-300" href={`/organization?node=${account.id}`}>
            Organization
          </Link>{" "}
          · account
        </p>
        <h1 className="text-2xl font-semibold">
          {account.name} <span className="font-normal text-slate-600 dark:text-slate-400">{account.id}</span>
        </h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Status {account.status}
          {account.email ? ` · ${account.email}` : ""}
        </p>
      </header>
      <section aria-labelledby="account-roles-heading" className="rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-700 dark:bg-slate-900">
        <h2 id="account-roles-heading" className="font-semibold">
          Roles you may open
        </h2>
        <ConsoleRoleList entries={roles} label={`Roles in ${account.name}`} testId={`account-roles-${account.id}`} />
      </section>
    </div>
  );
}
