"use client";
import { useState, type KeyboardEvent } from "react";
import type { SearchItem } from "@/lib/search/search-types";

// The keys of a combobox whose options never take focus (aria-activedescendant): Up and Down move the active
// option (wrapping), Enter opens it, Escape is the caller's. A new set of options starts again at the first.

export function useCombobox(options: readonly SearchItem[], onChoose: (item: SearchItem) => void, onEscape: () => void) {
  const [active, setActive] = useState(0);
  const [shownFor, setShownFor] = useState(options);
  if (shownFor !== options) {
    setShownFor(options);
    setActive(0);
  }
  const current = options.length ? Math.min(active, options.length - 1) : -1;

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const count = options.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (count) setActive((current + (event.key === "ArrowDown" ? 1 : count - 1)) % count);
    } else if (event.key === "Enter") {
      const item = options[current];
      if (!item || event.nativeEvent.isComposing) return;
      event.preventDefault();
      onChoose(item);
    } else if (event.key === "Escape") {
      event.preventDefault();
      onEscape();
    }
  }

  return { active: current, setActive, onKeyDown };
}
