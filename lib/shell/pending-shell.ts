// Hands the StartSession answer from the page that asked for it to the terminal page, within one browser tab.
// Kept in sessionStorage (never in the URL, which would leak the token into history and logs) and taken out on
// first read; a module-level copy lets React's development double mount read it twice.
import type { StreamCredentials } from "./shell-api";

const PREFIX = "gatehouse.shell.";
const taken = new Map<string, StreamCredentials>();

export function storePendingShell(credentials: StreamCredentials): void {
  try {
    sessionStorage.setItem(PREFIX + credentials.sessionId, JSON.stringify(credentials));
  } catch {
    // Storage disabled: the in-memory copy still serves a client-side navigation.
  }
  taken.set(credentials.sessionId, credentials);
}

/** The credentials for `sessionId` if this tab started it and has not used them yet; null otherwise. */
export function takePendingShell(sessionId: string): StreamCredentials | null {
  const cached = taken.get(sessionId);
  let stored: StreamCredentials | null = null;
  try {
    const text = sessionStorage.getItem(PREFIX + sessionId);
    sessionStorage.removeItem(PREFIX + sessionId);
    stored = text ? (JSON.parse(text) as StreamCredentials) : null;
  } catch {
    stored = null;
  }
  const found = cached ?? (stored?.sessionId === sessionId ? stored : null);
  if (found) taken.set(sessionId, found);
  return found;
}

/** The connection has been made with these credentials: a later mount must not reuse the single-use token. */
export function forgetPendingShell(sessionId: string): void {
  taken.delete(sessionId);
}
