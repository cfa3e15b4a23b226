"use client";
import { useState } from "react";
import { THEMES, themeCookie, type Theme } from "@/lib/ui/theme";

const LABELS: Record<Theme, string> = { system: "System", light: "Light", dark: "Dark" };

/** Remembers the choice for the server's next rendering and shows it now. */
function applyTheme(theme: Theme) {
  document.cookie = themeCookie(theme, location.protocol === "https:");
  const root = document.documentElement;
  root.classList.remove(...THEMES);
  root.classList.add(theme);
}

/** System / Light / Dark, remembered in a cookie; the class on <html> changes at once (app/globals.css). */
export function ThemeToggle({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);
  const choose = (next: Theme) => {
    setTheme(next);
    applyTheme(next);
  };
  return (
    <fieldset className="flex items-center rounded-full border border-slate-200 p-0.5 text-xs dark:border-slate-700">
      <legend className="sr-only">Colour theme</legend>
      {THEMES.map((option) => (
        <label
          key={option}
          className={`cursor-pointer rounded-full px-2 py-1 sm:px-2.5 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600 dark:has-[:focus-visible]:outline-brand-100 ${
            theme === option
              ? "bg-brand-50 font-medium text-brand-700 dark:bg-brand-950 dark:text-brand-100"
              : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
          }`}
        >
          <input type="radio" name="gatehouse-theme" value={option} checked={theme === option} onChange={() => choose(option)} className="sr-only" />
          {LABELS[option]}
        </label>
      ))}
    </fieldset>
  );
}
