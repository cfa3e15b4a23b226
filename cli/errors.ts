// A failure a person can act on: one sentence saying what went wrong and what to do, and the exit status.
// Anything else that reaches main.ts is a bug and is reported as one, without its stack's details on stderr.

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** A usage mistake: the message, then where the help is. */
export const usageError = (message: string, command?: string) => new CliError(`${message}\nSee: gatehouse ${command ? `${command} ` : ""}--help`, EXIT.usage);

export const notSignedIn = (detail?: string) =>
  new CliError(detail ? `not signed in: ${detail.replace(/\.$/, "")}. Run: gatehouse login` : "not signed in: run gatehouse login");
