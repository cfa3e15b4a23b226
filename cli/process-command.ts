// The credential_process command line `configure` writes. The AWS rules (docs/cli-facts.md §1): absolute paths
// only, no ~ and no $VARIABLES (nothing is expanded); a path with a space is quoted, and so is an argument with one.
// botocore splits the line like a POSIX shell without running one, the JS SDK runs it through a shell: a word of
// plain path characters is safe bare in both, a word in double quotes is safe in both when it holds no ", \, $, `
// or !, and anything else is refused rather than written in a form one of them would read differently.
import path from "node:path";
import { CliError } from "./errors";

const BARE_ARGUMENT = /^[A-Za-z0-9_./\\:@+=,-]+$/;
const QUOTABLE_ARGUMENT = /^[^"\\$`!\r\n]+$/;
// The AWS guide's path characters (A-Z a-z 0-9 - _ . / \ and space), and the colon of a Windows drive.
const PATH_CHARACTERS = /^[A-Za-z0-9_./\\: -]+$/;

export function quoteArgument(word: string): string {
  if (BARE_ARGUMENT.test(word)) return word;
  if (QUOTABLE_ARGUMENT.test(word)) return `"${word}"`;
  throw new CliError(`cannot write ${JSON.stringify(word)} into credential_process: it has a character the AWS tools would read differently (" \\ $ \` !)`);
}

export function quotePath(file: string, what: string): string {
  if (!path.isAbsolute(file)) throw new CliError(`${what} ${JSON.stringify(file)} is not absolute; credential_process needs full paths`);
  if (!PATH_CHARACTERS.test(file)) {
    throw new CliError(
      `${what} ${file} has characters credential_process paths may not have (only letters, digits, - _ . / \\ and spaces): install it under a plainer path`,
    );
  }
  return file.includes(" ") ? `"${file}"` : file;
}

/** `/usr/bin/node /opt/gatehouse/gatehouse.mjs credentials --account 444444444444 --role Developer` */
export function credentialProcessLine(program: { node: string; script: string }, args: string[]): string {
  return [quotePath(program.node, "Node's path"), quotePath(program.script, "The program's path"), ...args.map(quoteArgument)].join(" ");
}
