import Link from "next/link";
import { Notice } from "@/components/ui/notice";
import type { Actor } from "@/lib/actor/actor";
import { listConsoleAccess } from "@/lib/console/console-roles";
import { hasAnyProfile } from "@/lib/console/nav-access";
import { ConsoleRoleList } from "./console-role-list";
import { NoAccessYet } from "./no-access-yet";
import { errorField, logger } from "@/lib/log/logger";

// "Your access" on the Overview: every account role the user may open, each with Open console. Large organizations
// show the first accounts here and the rest on the Organization page, which is built for thousands of them.

const SHOWN_ACCOUNTS = 50;

export async function YourAccess({ user }: { user: Actor }) {
  let access: Awaited<ReturnType<typeof listConsoleAccess>>;
  try {
    access = await listConsoleAccess(user);
  } catch (error) {
    logger("console").error({ err: errorField(error) }, "loading the user's access failed");
    return (
      <Notice tone="error" title="Your access could not be loaded">
        Reload the page to try again; if it persists, tell your administrator.
      </Notice>
    );
  }
  const roleCount = access.reduce((sum, entry) => sum + entry.roles.length, 0);
  return (
    <section
      aria-labelledby="your-access-heading"
      className="rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-5"
      data-testid="your-access"
    >
      <h2 id="your-access-heading" className="font-semibold">
        Your access
      </h2>
      {access.length === 0 ? (
        <NoAccessYet profiled={await hasAnyProfile(user)} />
      ) : (
        <>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            {roleCount} {roleCount === 1 ? "role" : "roles"} in {access.length} {access.length === 1 ? "account" : "accounts"}. Opening a console is recorded in
            the{" "}
            <Link className="text-brand-700 dark:text-brand-300 underline" href="/audit">
              audit log
            </Link>
            .
          </p>
          <ul className="mt-3 space-y-4">
            {access.slice(0, SHOWN_ACCOUNTS).map(({ account, roles }) => (
              <li key={account.id} aria-labelledby={`account-${account.id}`}>
                <h3 id={`account-${account.id}`} className="text-sm font-semibold text-slate-800 dark:text-slate-200">
                  {account.name} <span className="font-normal text-slate-500 dark:text-slate-400">{account.id}</span>
                </h3>
                <ConsoleRoleList entries={roles} label={`Roles in ${account.name}`} testId={`access-${account.id}`} />
              </li>
            ))}
          </ul>
          {access.length > SHOWN_ACCOUNTS ? (
            <p className="mt-3 text-sm">
              {access.length - SHOWN_ACCOUNTS} more accounts: find them on the{" "}
              <Link className="text-brand-700 dark:text-brand-300 underline" href="/organization">
                Organization
              </Link>{" "}
              page.
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
