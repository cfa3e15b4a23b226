import Link from "next/link";
import { Time } from "@/components/ui/time";
import type { VersionSummary } from "@/lib/profile-versions/policy-api";

// The stored versions of the access profiles, newest first, each linking to its text, diff and Restore.

const HOW: Record<string, string> = { file: "seeded from the file", "admin-page": "admin page", "command-line": "command line", restore: "restore" };

export function ProfileVersionsTable({ versions, current }: { versions: VersionSummary[]; current: number }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
      <table className="w-full min-w-[40rem] text-left text-sm" data-testid="profile-versions">
        <caption className="sr-only">Stored versions of the access profiles, newest first</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600 dark:bg-slate-800 dark:text-slate-300">
          <tr>
            <th scope="col" className="px-3 py-2">
              Version
            </th>
            <th scope="col" className="px-3 py-2">
              When
            </th>
            <th scope="col" className="px-3 py-2">
              Who
            </th>
            <th scope="col" className="px-3 py-2">
              How
            </th>
            <th scope="col" className="px-3 py-2">
              Message
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} className="border-t border-slate-200 dark:border-slate-700">
              <td className="px-3 py-2 whitespace-nowrap">
                <Link className="font-medium text-brand-700 underline dark:text-brand-300" href={`/access/profiles/${v.version}`}>
                  Version {v.version}
                </Link>
                {v.version === current ? (
                  <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100">in force</span>
                ) : null}
              </td>
              <td className="px-3 py-2 whitespace-nowrap">
                <Time value={v.createdAt} />
              </td>
              <td className="px-3 py-2 break-all">{v.authorEmail}</td>
              <td className="px-3 py-2 whitespace-nowrap">{v.restoredFrom ? `restore of version ${v.restoredFrom}` : (HOW[v.source] ?? v.source)}</td>
              <td className="px-3 py-2">{v.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
