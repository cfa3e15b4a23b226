import type { Metadata } from "next";
import Link from "next/link";
import { AccessRefused, type Alternative } from "@/components/console/access-refused";
import { CopyPageLink } from "@/components/console/copy-page-link";
import { OpenInstanceConsoleButton } from "@/components/instances/open-instance-console-button";
import { TerminalCommands } from "@/components/instances/terminal-commands";
import { OpenShellButton } from "@/components/shell/open-shell-button";
import { Notice } from "@/components/ui/notice";
import { Time } from "@/components/ui/time";
import { requireActor } from "@/lib/actor/from-request";
import { loadAccountAccess } from "@/lib/console/account-access";
import { describeAccessRequest } from "@/lib/console/access-request";
import { instancePath, rolePath } from "@/lib/console/addresses";
import { loadInstancePage } from "@/lib/instances/instance-page";
import { explainShellHref } from "@/lib/access-explain/explain-links";

// /instances/<instanceId>?account=<id>&region=<region>: one instance's details, Open shell, Open in AWS console
// and the command-line commands, for whoever opens the address and whose profile reaches it; anyone else gets the
// refusal with what they can do instead. Checked on the server on every visit.

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ instanceId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { instanceId } = await params;
  return { title: `Instance ${instanceId.slice(0, 24)}` };
}

export default async function InstancePage({ params, searchParams }: Props) {
  const user = await requireActor();
  const { instanceId } = await params;
  const query = await searchParams;
  const address = { instanceId, account: one(query.account), region: one(query.region) };
  const page = await loadInstancePage(user, address);
  if (page.kind === "error") {
    return (
      <Notice tone="error" title={`Instance ${instanceId.slice(0, 24)} could not be read`}>
        {page.message}{" "}
        <Link className="underline" href="/instances">
          Back to Instances
        </Link>
      </Notice>
    );
  }
  if (page.kind === "refused") {
    const roles = page.accountId ? (await loadAccountAccess(user, page.accountId)).roles : [];
    const alternatives: Alternative[] = [
      ...(page.accountId ? [{ href: `/instances?account=${page.accountId}`, label: "The instances you may reach in that account" }] : []),
      { href: "/instances", label: "All the instances you may reach" },
      ...roles.map((role) => ({ href: rolePath(role.accountId, role.roleName), label: `Console as ${role.roleName} in ${role.accountName}` })),
    ];
    return (
      <AccessRefused
        title={`You may not reach instance ${instanceId.slice(0, 24)}`}
        reason={page.reason}
        alternativesTitle="What you can do instead"
        alternatives={alternatives}
        request={await describeAccessRequest()}
        {...(page.accountId && address.region ? { explainHref: explainShellHref(page.accountId, instanceId, address.region) } : {})}
      />
    );
  }
  const { row } = page;
  const label = `${row.name ?? "(no Name tag)"} (${row.instanceId})`;
  const facts: [string, React.ReactNode][] = [
    [
      "Account",
      <Link
        key="a"
        className="text-brand-700 underline dark:text-brand-300"
        href={`/accounts/${row.accountId}`}
      >{`${row.accountName} (${row.accountId})`}</Link>,
    ],
    ["Region", row.region],
    ["Status", row.pingStatus],
    ["Platform", row.platform],
    ["Agent", row.agentVersion ?? "—"],
    ["IP address", row.ipAddress ?? "—"],
    ["Host name", row.computerName ?? "—"],
    ["Last ping", row.lastPingAt ? <Time key="p" value={row.lastPingAt} /> : "—"],
    ["Shells open as", `${row.roleName}${row.requireReason ? " (your profile asks for a reason)" : ""}`],
  ];
  return (
    <div className="space-y-6">
      <header>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <Link className="text-brand-700 underline dark:text-brand-300" href={`/instances?account=${row.accountId}&region=${row.region}`}>
            Instances
          </Link>{" "}
          · instance
        </p>
        <h1 className="text-2xl font-semibold">
          {row.name ?? "(no Name tag)"} <span className="font-mono text-base font-normal text-slate-600 dark:text-slate-400">{row.instanceId}</span>
        </h1>
      </header>
      <div className="flex flex-wrap items-start gap-3">
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
        <CopyPageLink path={instancePath(row.instanceId, row.accountId, row.region)} label={label} />
      </div>
      <p className="text-sm">
        <a className="text-brand-700 underline dark:text-brand-300" href={explainShellHref(row.accountId, row.instanceId, row.region)}>
          Shell refused by AWS? See why
        </a>
      </p>
      <dl
        className="grid grid-cols-1 gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-5 text-sm sm:grid-cols-[max-content_1fr] dark:border-slate-700 dark:bg-slate-900"
        data-testid="instance-details"
      >
        {facts.map(([name, value]) => (
          <div key={name} className="contents">
            <dt className="font-medium text-slate-600 dark:text-slate-400">{name}</dt>
            <dd className="break-words">{value}</dd>
          </div>
        ))}
        <div className="contents">
          <dt className="font-medium text-slate-600 dark:text-slate-400">Tags</dt>
          <dd className="break-words font-mono text-xs">
            {Object.entries(row.tags)
              .map(([key, value]) => `${key}=${value}`)
              .join(", ") || "—"}
          </dd>
        </div>
      </dl>
      <section aria-labelledby="instance-commands-heading">
        <h2 id="instance-commands-heading" className="font-semibold">
          From a terminal
        </h2>
        <TerminalCommands instanceId={row.instanceId} label={label} />
      </section>
    </div>
  );
}
