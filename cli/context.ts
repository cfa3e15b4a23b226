// Everything a command touches outside its own arguments: the environment, the two output streams, the clock,
// the network, the browser and the running program's own paths. main.ts builds the real one; unit tests pass fakes,
// so no test of a command needs a real terminal, server or browser.
import type { SendHttp } from "./http-client";
import { redactSecrets } from "./redact";

export interface CliContext {
  env: Readonly<Record<string, string | undefined>>;
  /** Writes to standard output as given (credential_process JSON, export lines, tables). */
  stdout(text: string): void;
  /** Writes to standard error with every known secret and anything shaped like one removed (see redact.ts). */
  stderr(text: string): void;
  /** Values that must never reach stderr: the token, keys, verifiers. Commands add them as they learn them. */
  secrets: Set<string>;
  now(): number;
  http: SendHttp;
  sleep(ms: number): Promise<void>;
  /** Opens a URL in the person's browser; false when no opener could be started. */
  openBrowser(url: string): Promise<boolean>;
  /** The absolute paths of Node and of this program, as `configure` writes them into credential_process. */
  program: { node: string; script: string };
  hostname: string;
  homedir: string;
  platform: NodeJS.Platform;
  /** How long `login` waits for the browser's approval. */
  loginTimeoutMs: number;
}

/** A stderr writer that scrubs secrets on the way out. */
export function redactingWriter(write: (text: string) => void, secrets: Set<string>): (text: string) => void {
  return (text) => write(redactSecrets(text, secrets));
}
