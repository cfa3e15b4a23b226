"use client";
import { OpenConsoleButton } from "@/components/console/open-console-button";
import { Time } from "@/components/ui/time";
import type { OrgNodeView, OrgPolicyView } from "@/lib/org/node-view";
import { NodeTags } from "./node-tags";
import { PolicyDocumentToggle } from "./policy-document";

// Everything about the selected node: status, email and tags, the SCPs attached to it and those it inherits (each
// with its JSON on demand), and the roles the signed-in user may open the console as.

const KIND_TITLE = { root: "Root", ou: "Organizational unit", account: "Account" } as const;

function PolicyName({ policy, id }: { policy: OrgPolicyView | undefined; id: string }) {
  return (
    <span className="font-medium">
      {policy?.name ?? id}
      {policy?.awsManaged ? <span className="ml-1 text-xs font-normal text-slate-500 dark:text-slate-400">(AWS managed)</span> : null}
    </span>
  );
}

function PolicyLists({ node, policies }: { node: OrgNodeView; policies: Record<string, OrgPolicyView> }) {
  return (
    <section aria-labelledby="scp-heading" className="space-y-3">
      <h3 id="scp-heading" className="text-sm font-semibold text-slate-700 dark:text-slate-300">
        Service control policies
      </h3>
      <div>
        <h4 className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">Attached directly</h4>
        {node.policyIds.length ? (
          <ul className="mt-1 space-y-1" data-testid="scp-direct">
            {node.policyIds.map((id) => (
              <li key={id} className="flex flex-wrap items-baseline gap-x-2 text-sm">
                <PolicyName policy={policies[id]} id={id} />
                <PolicyDocumentToggle policyId={id} policyName={policies[id]?.name ?? id} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">None.</p>
        )}
      </div>
      <div>
        <h4 className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">Inherited</h4>
        {node.inherited.length ? (
          <ul className="mt-1 space-y-1" data-testid="scp-inherited">
            {node.inherited.map(({ policyId, from }) => (
              <li key={policyId} className="flex flex-wrap items-baseline gap-x-2 text-sm">
                <PolicyName policy={policies[policyId]} id={policyId} />
                <span className="text-xs text-slate-600 dark:text-slate-400">from {from.map((source) => source.name).join(", ")}</span>
                <PolicyDocumentToggle policyId={policyId} policyName={policies[policyId]?.name ?? policyId} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">None: this is the root.</p>
        )}
      </div>
    </section>
  );
}

function RoleList({ node }: { node: OrgNodeView }) {
  if (node.kind !== "account") {
    return (
      <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="node-enterable">
        {node.enterableCount
          ? `You may enter ${node.enterableCount} account${node.enterableCount === 1 ? "" : "s"} in here.`
          : "You may enter no account in here."}
      </p>
    );
  }
  return (
    <section aria-labelledby="roles-heading">
      <h3 id="roles-heading" className="text-sm font-semibold text-slate-700 dark:text-slate-300">
        Your roles
      </h3>
      {node.roles.length ? (
        <ul className="mt-2 space-y-3" data-testid="node-role-list">
          {node.roles.map((role) => (
            <li key={role.roleName} className="space-y-1">
              <p className="text-sm">
                <span className="font-medium">{role.roleName}</span> <span className="text-slate-500 dark:text-slate-400">via profile {role.profileId}</span>
              </p>
              <OpenConsoleButton accountId={node.id} roleName={role.roleName} accountName={node.name} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Your access profiles grant no role in this account.</p>
      )}
    </section>
  );
}

export function NodeDetails({ node, policies }: { node: OrgNodeView; policies: Record<string, OrgPolicyView> }) {
  return (
    <article aria-labelledby="node-heading" className="space-y-5" data-testid="node-details" data-node-id={node.id}>
      <header>
        <p className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{KIND_TITLE[node.kind]}</p>
        <h2 id="node-heading" className="text-lg font-semibold">
          {node.name}
        </h2>
        <p className="font-mono text-xs text-slate-600 dark:text-slate-400">{node.id}</p>
      </header>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {node.kind === "account" ? (
          <>
            <dt className="text-slate-500 dark:text-slate-400">Status</dt>
            <dd data-testid="node-status">{node.status ?? "unknown"}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Email</dt>
            <dd className="break-all">{node.email ?? "—"}</dd>
            <dt className="text-slate-500 dark:text-slate-400">Joined</dt>
            <dd>{node.joinedAt ? <Time value={node.joinedAt} /> : "—"}</dd>
          </>
        ) : (
          <>
            <dt className="text-slate-500 dark:text-slate-400">Directly below</dt>
            <dd>{node.childCount}</dd>
          </>
        )}
        <dt className="text-slate-500 dark:text-slate-400">Tags</dt>
        <dd>
          <NodeTags key={node.id} nodeId={node.id} />
        </dd>
      </dl>
      <RoleList node={node} />
      <PolicyLists node={node} policies={policies} />
    </article>
  );
}
