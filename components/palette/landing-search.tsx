"use client";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { SearchItem } from "@/lib/search/search-types";
import { useSearchIndex } from "./search-index-store";
import { optionId, SearchResultsList } from "./search-results-list";
import { useCombobox } from "./use-combobox";
import { useSearchResults } from "./use-search-results";

// The Overview's search box: the palette's engine and index in the page itself. Results open below it as soon as
// something is typed; Up, Down and Enter as in the palette, Escape empties the box.

const SHOWN = 20;

export function LandingSearch() {
  const [text, setText] = useState("");
  const [active, setActiveBox] = useState(false);
  const index = useSearchIndex(active);
  const results = useSearchResults(index.items, text, SHOWN);
  const router = useRouter();
  const choose = (item: SearchItem) => router.push(item.href);
  const combobox = useCombobox(results.options, choose, () => setText(""));
  const listboxId = useId();
  const expanded = results.options.length > 0;
  return (
    <section
      aria-labelledby={`${listboxId}-label`}
      className="rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-700 dark:bg-slate-900"
      data-testid="landing-search"
    >
      <label id={`${listboxId}-label`} htmlFor={`${listboxId}-input`} className="font-semibold">
        Find an account, role, instance or page
      </label>
      <input
        id={`${listboxId}-input`}
        type="text"
        role="combobox"
        aria-expanded={expanded}
        aria-controls={listboxId}
        aria-autocomplete="list"
        aria-activedescendant={combobox.active >= 0 && expanded ? optionId(listboxId, combobox.active) : undefined}
        aria-describedby={`${listboxId}-hint`}
        autoComplete="off"
        spellCheck={false}
        value={text}
        onFocus={() => setActiveBox(true)}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={combobox.onKeyDown}
        placeholder="Account name or id, role, instance Name tag or id"
        className="mt-2 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 placeholder:text-slate-500 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:placeholder:text-slate-400"
      />
      <p id={`${listboxId}-hint`} className="mt-1 text-xs text-slate-600 dark:text-slate-300">
        Up and Down to choose, Enter to open. Ctrl K (⌘K on a Mac) searches from any page.
      </p>
      {text.trim() ? (
        <div className="mt-2 rounded-md border border-slate-200 dark:border-slate-700">
          <SearchResultsList listboxId={listboxId} results={results} active={combobox.active} index={index} onChoose={choose} onHover={combobox.setActive} />
        </div>
      ) : (
        <div role="listbox" id={listboxId} aria-label="Search results" hidden />
      )}
    </section>
  );
}
