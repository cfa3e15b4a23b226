"use client";
import Link from "next/link";
import { CopyPageLink } from "@/components/console/copy-page-link";
import { OpenShellButton } from "@/components/shell/open-shell-button";
import { instancePath } from "@/lib/console/addresses";
import type { InstanceRow } from "@/lib/instances/listing-types";
import { OpenInstanceConsoleButton } from "./open-instance-console-button";
import { TerminalCommands } from "./terminal-commands";

// The permitted instances, one row each, with the two ways in: a shell in the browser and the instance's Session
// Manager page in the AWS console.

const STATUS_STYLE: Record<string, string> = {
  Online: "bg-green-50 dark:bg-green-950 text-green-800 dark:text-green-200 ring-green-200 dark:ring-green-800",
  ConnectionLost: "bg-red-50 dark:bg-red-950 text-red-800 dark:text-red-200 ring-red-200 dark:ring-red-800",
};

function StatusBadge({ status }: { status: string }) {
  return (
    <span
      className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${STATUS_STYLE[status] ?? "bg-slate-50 dark:bg-slate-800/60 text-slate-700 dark:text-slate-300 ring-slate-200 dark:ring-slate-700"}`}
    >
      {status}
    </span>
  );
}

export function InstancesTable({ rows }: { rows: InstanceRow[] }) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900">
      <table className="min-w-full divide-y divide-slate-200 dark:divide-slate-700 text-sm" data-testid="instances-table">
        <caption className="sr-only">Instances you may reach</caption>
        <thead className="bg-slate-50 dark:bg-slate-800/60 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-3 py-2">
              Name
            </th>
            <th scope="col" className="px-3 py-2">
              Instance
            </th>
            <th scope="col" className="px-3 py-2">
              Account
            </th>
            <th scope="col" className="px-3 py-2">
              Region
            </th>
            <th scope="col" className="px-3 py-2">
              Status
            </th>
            <th scope="col" className="px-3 py-2">
              Platform
            </th>
            <th scope="col" className="px-3 py-2">
              Agent
            </th>
            <th scope="col" className="px-3 py-2">
              IP
            </th>
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {rows.map((row) => {
            const label = `${row.name ?? "(no Name tag)"} (${row.instanceId})`;
            return (
              <tr key={`${row.accountId}/${row.region}/${row.instanceId}`} data-testid="instance-row" data-instance-id={row.instanceId} className="align-top">
                <td className="px-3 py-2 font-medium">
                  <Link
                    className="text-brand-700 underline dark:text-brand-300"
                    href={instancePath(row.instanceId, row.accountId, row.region)}
                    aria-label={`${label}: details`}
                  >
                    {row.name ?? <span className="italic">(no Name tag)</span>}
                  </Link>
                </td>
                <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{row.instanceId}</td>
                <td className="px-3 py-2">
                  {row.accountName}
                  <div className="text-xs text-slate-500 dark:text-slate-400">{row.accountId}</div>
                </td>
                <td className="whitespace-nowrap px-3 py-2">{row.region}</td>
                <td className="px-3 py-2">
                  <StatusBadge status={row.pingStatus} />
                </td>
                <td className="px-3 py-2">{row.platform}</td>
                <td className="px-3 py-2 font-mono text-xs">{row.agentVersion ?? "—"}</td>
                <td className="px-3 py-2 font-mono text-xs">{row.ipAddress ?? "—"}</td>
                <td className="px-3 py-2">
                  <div className="flex flex-wrap gap-2">
                    <OpenShellButton
                      target={{ accountId: row.accountId, region: row.region, instanceId: row.instanceId }}
                      label={label}
                      requireReason={row.requireReason}
                    />
                    <OpenInstanceConsoleButton
                      accountId={row.accountId}
                      region={row.region}
                      instanceId={row.instanceId}
                      roleName={row.roleName}
                      label={label}
                      requireReason={row.requireReason}
                    />
                  </div>
                  <div className="mt-2">
                    <CopyPageLink path={instancePath(row.instanceId, row.accountId, row.region)} label={label} showUrl={false} />
                  </div>
                  <div className="mt-2">
                    <TerminalCommands instanceId={row.instanceId} label={label} />
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
