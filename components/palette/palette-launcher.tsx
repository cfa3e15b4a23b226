"use client";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import type { SearchItem } from "@/lib/search/search-types";
import { CommandPalette } from "./command-palette";

// The header's "Search (Ctrl K)" button and the keys that open the palette from anywhere: Ctrl-K or Cmd-K (not
// inside a terminal, where Ctrl-K belongs to the shell), and "/" when the person is not typing in a field and the
// page has not used "/" itself (the Organization page focuses its own search with it). Closing puts focus back.

const isField = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || target.matches("input, textarea, select, [role=combobox], [role=textbox]"));
const inTerminal = (target: EventTarget | null) => target instanceof HTMLElement && target.closest(".xterm") !== null;

export function PaletteLauncher() {
  const [open, setOpen] = useState(false);
  const returnTo = useRef<HTMLElement | null>(null);
  const router = useRouter();
  const buttonRef = useRef<HTMLButtonElement>(null);

  const isOpen = useRef(false);

  const show = useCallback(() => {
    if (!isOpen.current) returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    isOpen.current = true;
    setOpen(true);
  }, []);

  const close = useCallback(() => {
    isOpen.current = false;
    setOpen(false);
    const target = returnTo.current;
    returnTo.current = null;
    requestAnimationFrame(() => target?.isConnected && target.focus());
  }, []);

  const choose = useCallback(
    (item: SearchItem) => {
      isOpen.current = false;
      setOpen(false);
      returnTo.current = null;
      router.push(item.href);
    },
    [router],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === "k") {
        if (inTerminal(event.target)) return;
        event.preventDefault();
        show();
      } else if (event.key === "/" && plain && !event.defaultPrevented && !isField(event.target)) {
        event.preventDefault();
        // Decided after the page's own handlers: if one of them took "/" (focused a field of its own), so be it.
        setTimeout(() => !isField(document.activeElement) && show(), 0);
      }
    };
    window.addEventListener("keydown", onKey);
    // Keys pressed before this point went nowhere; browser tests wait for the mark.
    buttonRef.current?.setAttribute("data-ready", "true");
    return () => window.removeEventListener("keydown", onKey);
  }, [show]);

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        onClick={show}
        aria-haspopup="dialog"
        aria-keyshortcuts="Control+K Meta+K /"
        className={`${buttonStyles.secondary} py-1.5 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700`}
        data-testid="palette-button"
      >
        Search{" "}
        <kbd className="hidden rounded border border-slate-300 px-1 font-sans text-xs text-slate-600 sm:inline dark:border-slate-600 dark:text-slate-300">
          (Ctrl K)
        </kbd>
      </button>
      {open ? <CommandPalette onClose={close} onChoose={choose} /> : null}
    </>
  );
}
