// The colour theme a person chose in the header: follow the device (system), or always light or dark. Kept in a
// cookie, not local storage, so the server renders <html> with the right class and the first paint is right.

export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_COOKIE = "gatehouse-theme";

/** The cookie's value as a theme; anything else (absent, tampered) is "system". */
export function parseTheme(value: string | undefined): Theme {
  return THEMES.find((theme) => theme === value) ?? "system";
}

/** The Set-Cookie text the browser writes (document.cookie): a year, the whole site, not sent cross-site. */
export function themeCookie(theme: Theme, secure: boolean): string {
  return `${THEME_COOKIE}=${theme}; Path=/; Max-Age=31536000; SameSite=Lax${secure ? "; Secure" : ""}`;
}
