// One ShellConnection per session id for the life of the tab. A connection can only continue on the object that
// holds its sequence numbers (a fresh one would restart at 0, which the agent drops), so a component that unmounts
// and mounts again (React's development double mount, a fast route change) must get the same object back.
import { ShellConnection, type ShellConnectionOptions } from "./shell-connection";

const connections = new Map<string, { connection: ShellConnection; users: number; disposeTimer?: ReturnType<typeof setTimeout> }>();

/** The live connection for the session, or a new one made (not started) from `options`; null if there is neither. */
export function acquireShellConnection(
  sessionId: string,
  create: () => ShellConnectionOptions | null,
): { connection: ShellConnection; created: boolean } | null {
  const existing = connections.get(sessionId);
  if (existing) {
    clearTimeout(existing.disposeTimer);
    existing.users += 1;
    return { connection: existing.connection, created: false };
  }
  const options = create();
  if (!options) return null;
  const connection = new ShellConnection(options);
  connections.set(sessionId, { connection, users: 1 });
  return { connection, created: true };
}

/** Let go; the connection closes shortly after its last user leaves unless someone acquires it again. */
export function releaseShellConnection(sessionId: string, graceMs = 250): void {
  const entry = connections.get(sessionId);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  entry.disposeTimer = setTimeout(() => {
    if (entry.users > 0) return;
    entry.connection.dispose();
    connections.delete(sessionId);
  }, graceMs);
}
