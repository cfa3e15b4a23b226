"use client";
import type { OrgNodeView } from "@/lib/org/node-view";
import type { TreeModel } from "./use-org-tree";

// One node of the tree and, when expanded, its children. The row is not itself a control: the treeitem takes focus
// (roving tabindex), so every node is one arrow-key step away and the tree stays a single tab stop. The tree is flat
// (ARIA's other tree structure: every visible treeitem a sibling, placed by aria-level, aria-posinset and
// aria-setsize), so a treeitem's content is its own row only and its name can hold all of it (label in name).

const KIND_LABEL = { root: "root", ou: "organizational unit", account: "account" } as const;
// Drawn, not typed: a character would count as the row's visible text, which its name must contain.
const KIND_ICON = {
  root: <path d="M8 1.5 14.5 8 8 14.5 1.5 8Z" />,
  ou: <path d="M2 2h12v12H2Z M5 5v6h6V5Z" fillRule="evenodd" />,
  account: <circle cx="8" cy="8" r="5" />,
} as const;

function Icon({ children, className }: { children: React.ReactNode; className: string }) {
  return (
    <svg aria-hidden viewBox="0 0 16 16" fill="currentColor" className={`h-3 w-3 shrink-0 ${className}`}>
      {children}
    </svg>
  );
}

/**
 * A row's accessible name: what the row shows, in the order it shows it (WCAG 2.5.3, label in name), so a person who
 * says or sees "API Prod" finds the same words in what is read aloud. What the marks mean is its description.
 */
export function nameOfNode(node: OrgNodeView): string {
  const parts = [node.name, node.id];
  if (node.kind === "account" && node.status && node.status !== "ACTIVE") parts.push(node.status);
  parts.push(...node.roles.map((role) => role.roleName));
  if (node.kind !== "account" && node.enterableCount > 0) parts.push(`${node.enterableCount} of yours`);
  return parts.join(", ");
}

export function describeNode(node: OrgNodeView): string {
  const parts: string[] = [KIND_LABEL[node.kind]];
  if (node.kind === "account" && node.status && node.status !== "ACTIVE") parts.push(node.status.toLowerCase());
  if (node.roles.length) parts.push(`you may enter as ${node.roles.map((role) => role.roleName).join(", ")}`);
  else if (node.kind !== "account" && node.enterableCount) parts.push(`${node.enterableCount} of your accounts below`);
  return parts.join(", ");
}

type RowProps = {
  id: string;
  level: number;
  posinset: number;
  setsize: number;
  model: TreeModel;
  selectedId: string;
  focusTarget: string;
  onActivate: (id: string) => void;
};

export function OrgTreeRow({ id, level, posinset, setsize, model, selectedId, focusTarget, onActivate }: RowProps) {
  const node = model.node(id);
  if (!node) return null;
  const expandable = model.canExpand(id);
  const open = expandable && model.isExpanded(id);
  const children = open ? model.childrenOf(id) : undefined;
  const load = open ? model.loadOf(id) : undefined;
  const remaining = open && !load ? model.remainingOf(id) : 0;
  const selected = selectedId === id;
  const match = model.isMatch(id);
  const descriptionId = `org-node-description-${id}`;

  return (
    <>
      <li
        role="treeitem"
        aria-level={level}
        aria-posinset={posinset}
        aria-setsize={setsize}
        aria-selected={selected}
        aria-expanded={expandable ? open : undefined}
        aria-label={nameOfNode(node)}
        aria-describedby={descriptionId}
        tabIndex={focusTarget === id ? 0 : -1}
        data-node-id={id}
        data-testid="org-node"
        data-kind={node.kind}
        data-match={match || undefined}
        className="outline-none [&:focus-visible>div]:ring-2 [&:focus-visible>div]:ring-brand-600"
      >
        <div
          className={`flex cursor-pointer items-center gap-2 rounded-md py-1 pr-2 text-sm ${selected ? "bg-brand-50 dark:bg-brand-950" : "hover:bg-slate-100 dark:hover:bg-slate-800"}`}
          style={{ paddingLeft: `${(level - 1) * 1.25 + 0.25}rem` }}
          onClick={() => {
            onActivate(id);
            if (expandable && !open) model.toggle(id, true);
          }}
        >
          <span
            aria-hidden
            className="inline-flex h-5 w-5 shrink-0 items-center justify-center rounded text-slate-500 dark:text-slate-400 hover:bg-slate-200 dark:hover:bg-slate-700"
            onClick={(event) => {
              if (!expandable) return;
              event.stopPropagation();
              onActivate(id);
              model.toggle(id);
            }}
          >
            {expandable ? <Icon className={open ? "rotate-90" : ""}>{<path d="M5 3l6 5-6 5Z" />}</Icon> : null}
          </span>
          <Icon className={node.kind === "account" ? "text-slate-400 dark:text-slate-500" : "text-brand-600 dark:text-brand-300"}>{KIND_ICON[node.kind]}</Icon>
          <span className={`truncate ${match ? "rounded bg-amber-100 dark:bg-amber-900 px-1 font-semibold" : node.kind === "account" ? "" : "font-medium"}`}>
            {node.name}
          </span>
          <span id={descriptionId} hidden>
            {describeNode(node)}
          </span>
          {/* Said once, by the row's name (nameOfNode), not again as its content. The spaces between the parts
              keep them separate words in the row's text (a flex row does not draw them). */}{" "}
          <span aria-hidden className="shrink-0 font-mono text-xs text-slate-600 dark:text-slate-400">
            {node.id}
          </span>{" "}
          {node.kind === "account" && node.status && node.status !== "ACTIVE" ? (
            <span aria-hidden className="rounded bg-amber-100 dark:bg-amber-900 px-1.5 text-xs text-amber-900 dark:text-amber-100">
              {node.status}
            </span>
          ) : null}{" "}
          <span aria-hidden className="ml-auto flex shrink-0 flex-wrap justify-end gap-1" data-testid="node-roles">
            {node.roles.map((role) => (
              <span
                key={role.roleName}
                className="rounded-full bg-emerald-50 dark:bg-emerald-950 px-2 text-xs font-medium text-emerald-800 dark:text-emerald-200 ring-1 ring-emerald-200 dark:ring-emerald-800"
              >
                {role.roleName}{" "}
              </span>
            ))}
            {node.kind !== "account" && node.enterableCount > 0 ? (
              <span className="text-xs text-emerald-800 dark:text-emerald-200">{node.enterableCount} of yours</span>
            ) : null}
          </span>
        </div>
      </li>
      {open ? (
        <>
          {children?.map((child, index) => (
            <OrgTreeRow
              key={child}
              id={child}
              level={level + 1}
              posinset={index + 1}
              setsize={children.length}
              model={model}
              selectedId={selectedId}
              focusTarget={focusTarget}
              onActivate={onActivate}
            />
          ))}
          {load ? (
            <li role="none" className="py-1 text-sm" style={{ paddingLeft: `${level * 1.25 + 1.75}rem` }}>
              {load.state === "loading" ? (
                <span className="text-slate-500 dark:text-slate-400">Loading…</span>
              ) : (
                <span role="alert" className="text-red-800 dark:text-red-200">
                  {load.message}{" "}
                  <button type="button" className="underline" onClick={() => model.loadMore(id)}>
                    Retry
                  </button>
                </span>
              )}
            </li>
          ) : null}
          {remaining > 0 ? (
            <li role="none" className="py-1" style={{ paddingLeft: `${level * 1.25 + 1.75}rem` }}>
              <button
                type="button"
                className="text-sm text-brand-700 dark:text-brand-300 underline"
                onClick={() => model.loadMore(id)}
                data-testid="org-show-more"
              >
                Show more of {node.name} ({remaining.toLocaleString("en")} of {node.childCount.toLocaleString("en")} not shown yet)
              </button>
            </li>
          ) : null}
        </>
      ) : null}
    </>
  );
}
