import type { Metadata } from "next";
import { EndSessionsButton } from "@/components/people/end-sessions-button";
import { Notice } from "@/components/ui/notice";
import { Time } from "@/components/ui/time";
import { requireActor } from "@/lib/actor/from-request";
import { ServiceError } from "@/lib/errors";
import { listPeople, type PersonRow } from "@/lib/people/people-service";

export const metadata: Metadata = { title: "People" };
export const dynamic = "force-dynamic";

export default async function PeoplePage() {
  const actor = await requireActor();
  let people: PersonRow[];
  try {
    people = await listPeople({ actor });
  } catch (error) {
    if (error instanceof ServiceError && error.status === 403) {
      return (
        <Notice tone="warning" title="Only administrators can see people">
          {error.message}
        </Notice>
      );
    }
    throw error;
  }
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">People</h1>
        <p className="mt-1 text-slate-600 dark:text-slate-400">
          Everyone who has signed in, most recent first. Ending a person&apos;s sessions signs them out everywhere at once.
        </p>
      </header>
      {people.length === 0 ? (
        <Notice title="Nobody has signed in yet" />
      ) : (
        <div
          className="relative overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900"
          tabIndex={0}
          role="region"
          aria-label="People"
        >
          <table className="min-w-full divide-y divide-slate-200 dark:divide-slate-700 text-sm" data-testid="people-table">
            <thead className="bg-slate-50 dark:bg-slate-800/60 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Person
                </th>
                <th scope="col" className="px-3 py-2">
                  Groups
                </th>
                <th scope="col" className="px-3 py-2">
                  Last sign-in
                </th>
                <th scope="col" className="px-3 py-2">
                  Live sessions
                </th>
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {people.map((person) => (
                <tr key={person.sub} data-testid="person-row" data-email={person.email} className="align-top">
                  <td className="px-3 py-2">
                    <div className="font-medium">{person.name}</div>
                    <div className="text-slate-600 dark:text-slate-400">{person.email}</div>
                  </td>
                  <td className="px-3 py-2 text-slate-700 dark:text-slate-300">{person.groups.join(", ") || "none"}</td>
                  <td className="whitespace-nowrap px-3 py-2">
                    <Time value={person.lastSignInAt} />
                  </td>
                  <td className="px-3 py-2" data-testid="live-sessions">
                    {person.liveSessions}
                  </td>
                  <td className="px-3 py-2">
                    <EndSessionsButton sub={person.sub} email={person.email} live={person.liveSessions} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
