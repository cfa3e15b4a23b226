"use client";
import { useEffect } from "react";
import { KIND_LABELS } from "@/lib/search/group-hits";
import type { SearchItem } from "@/lib/search/search-types";
import { HighlightedText } from "./highlighted-text";
import type { SearchIndexSnapshot } from "./search-index-store";
import type { SearchResults } from "./use-search-results";

// The listbox both search surfaces show: groups by kind, the matched text marked, the active option scrolled into
// view; beneath it what is still loading, and the accounts whose instances could not be read.

export const optionId = (listboxId: string, index: number) => `${listboxId}-option-${index}`;

interface Props {
  listboxId: string;
  results: SearchResults;
  active: number;
  index: SearchIndexSnapshot;
  onChoose: (item: SearchItem) => void;
  onHover: (index: number) => void;
}

export function SearchResultsList({ listboxId, results, active, index, onChoose, onHover }: Props) {
  useEffect(() => {
    if (active >= 0) document.getElementById(optionId(listboxId, active))?.scrollIntoView({ block: "nearest" });
  }, [active, listboxId, results]);
  const shown = results.options.length;
  const typed = results.query.phrase !== "";
  return (
    <div className="text-sm">
      <div
        role="listbox"
        id={listboxId}
        aria-label="Search results"
        hidden={shown === 0}
        className="py-1"
        data-testid="search-results"
        data-query={results.typed}
      >
        {results.groups.map((group) => (
          <div key={group.kind} role="group" aria-label={KIND_LABELS[group.kind].group}>
            <div aria-hidden="true" className="px-3 pb-1 pt-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
              {KIND_LABELS[group.kind].group}
            </div>
            {group.hits.map(({ item, index: position }) => (
              <div
                key={`${item.kind}:${item.href}`}
                id={optionId(listboxId, position)}
                role="option"
                aria-selected={position === active}
                data-kind={item.kind}
                onMouseDown={(event) => event.preventDefault()}
                onMouseMove={() => position !== active && onHover(position)}
                onClick={() => onChoose(item)}
                className={`flex cursor-pointer items-baseline gap-3 px-3 py-2 ${position === active ? "bg-brand-50 text-brand-900 dark:bg-slate-700 dark:text-white" : "text-slate-900 dark:text-slate-100"}`}
              >
                <span className="w-16 shrink-0 text-xs text-slate-600 dark:text-slate-300">{KIND_LABELS[item.kind].one}</span>
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium">
                    <HighlightedText text={item.label} lowercase={item.labelKey} query={results.query} />
                  </span>
                  <span className="block truncate text-xs text-slate-600 dark:text-slate-300">
                    <HighlightedText text={item.detail} lowercase={item.detailKey} query={results.query} />
                  </span>
                </span>
              </div>
            ))}
          </div>
        ))}
      </div>
      <div role="status" className="space-y-1 px-3 py-2 text-xs text-slate-600 empty:hidden dark:text-slate-300">
        {results.total > shown ? (
          <p data-testid="search-more">and {(results.total - shown).toLocaleString("en")} more: type more to narrow the search</p>
        ) : null}
        {typed && results.total === 0 && index.directory !== "loading" ? <p>Nothing you may open matches “{results.typed}”.</p> : null}
        <IndexProgress index={index} />
      </div>
    </div>
  );
}

function IndexProgress({ index }: { index: SearchIndexSnapshot }) {
  const problems = index.problems;
  return (
    <>
      {index.directory === "loading" ? <p>Loading accounts and roles…</p> : null}
      {index.directoryError ? <p className="text-red-700 dark:text-red-300">Accounts and roles could not be loaded: {index.directoryError}</p> : null}
      {index.instances === "loading" ? <p>Loading instances…</p> : null}
      {index.instancesError ? <p className="text-red-700 dark:text-red-300">Instances could not be loaded: {index.instancesError}</p> : null}
      {problems.slice(0, 3).map((problem) => (
        <p key={`${problem.accountId}:${problem.region}`} className="text-amber-800 dark:text-amber-200">
          Instances in {problem.accountName} ({problem.accountId}), {problem.region} could not be read: {problem.message}
        </p>
      ))}
      {problems.length > 3 ? (
        <p className="text-amber-800 dark:text-amber-200">…and {problems.length - 3} more accounts or regions; see the Instances page.</p>
      ) : null}
    </>
  );
}
