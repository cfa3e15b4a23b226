"use client";
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { SearchItem } from "@/lib/search/search-types";
import { useSearchIndex } from "./search-index-store";
import { optionId, SearchResultsList } from "./search-results-list";
import { useCombobox } from "./use-combobox";
import { useSearchResults } from "./use-search-results";

// The Ctrl/Cmd-K palette: a modal dialog holding one combobox. Focus stays in its input (the options are pointed
// at with aria-activedescendant); Tab goes nowhere else while it is open; Escape or a click outside closes it, and
// the launcher puts focus back where it was.

const SHOWN = 50;

export function CommandPalette({ onClose, onChoose }: { onClose: () => void; onChoose: (item: SearchItem) => void }) {
  const [text, setText] = useState("");
  const index = useSearchIndex(true);
  const pages = useMemo(() => index.items.filter((item) => item.kind === "page"), [index.items]);
  const results = useSearchResults(index.items, text, SHOWN, pages);
  const { active, setActive, onKeyDown } = useCombobox(results.options, onChoose, onClose);
  const listboxId = useId();
  const titleId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);

  function keepFocusInside(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== "Tab") return;
    event.preventDefault();
    inputRef.current?.focus();
  }

  return (
    <div
      className="fixed inset-0 z-50 flex items-start justify-center bg-slate-900/40 px-3 pt-[10vh] dark:bg-black/60"
      onMouseDown={(event) => event.target === event.currentTarget && onClose()}
    >
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={keepFocusInside}
        className="flex max-h-[75vh] w-full max-w-xl flex-col overflow-y-auto rounded-lg border border-slate-200 bg-white shadow-xl dark:border-slate-700 dark:bg-slate-900"
        data-testid="command-palette"
      >
        <div className="sticky top-0 border-b border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900">
          <label id={titleId} htmlFor={`${listboxId}-input`} className="sr-only">
            Search accounts, roles, instances and pages
          </label>
          <input
            ref={inputRef}
            id={`${listboxId}-input`}
            type="text"
            role="combobox"
            aria-expanded={results.options.length > 0}
            aria-controls={listboxId}
            aria-autocomplete="list"
            aria-activedescendant={active >= 0 ? optionId(listboxId, active) : undefined}
            autoComplete="off"
            spellCheck={false}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onKeyDown}
            placeholder="Search accounts, roles, instances and pages"
            className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 placeholder:text-slate-500 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:placeholder:text-slate-400"
          />
          <p className="mt-2 text-xs text-slate-600 dark:text-slate-300">Up and Down to choose, Enter to open, Escape to close.</p>
        </div>
        <SearchResultsList listboxId={listboxId} results={results} active={active} index={index} onChoose={onChoose} onHover={setActive} />
      </div>
    </div>
  );
}
