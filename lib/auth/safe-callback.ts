// Where to send someone after sign-in: only a path on Gatehouse itself, never an address the browser made up.

/** Returns a same-origin path (with query) for `url`, or "/" when it points anywhere else. */
export function safeCallbackPath(url: string, baseUrl: string): string {
  let target: URL;
  try {
    target = new URL(url, baseUrl);
  } catch {
    return "/";
  }
  const base = new URL(baseUrl);
  if (target.origin !== base.origin) return "/";
  const path = `${target.pathname}${target.search}`;
  // "//evil.example" and "/\evil.example" are read by browsers as other hosts.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return "/";
  if (path.startsWith("/api/auth") || path.startsWith("/signin")) return "/";
  return path;
}
