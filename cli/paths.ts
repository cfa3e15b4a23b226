// Where the command line keeps its state, and where the AWS config file is.
// State: $XDG_CONFIG_HOME/gatehouse, or ~/.config/gatehouse (XDG Base Directory rules: a relative XDG_CONFIG_HOME
// is ignored; docs/cli-facts.md §5). AWS config: AWS_CONFIG_FILE, or ~/.aws/config, as the AWS CLI and SDKs read it.
import path from "node:path";
import type { CliContext } from "./context";

type Env = Pick<CliContext, "env" | "homedir">;

export function stateDir(ctx: Env): string {
  const xdg = ctx.env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(ctx.homedir, ".config");
  return path.join(base, "gatehouse");
}

export const tokenFile = (ctx: Env) => path.join(stateDir(ctx), "token.json");
export const settingsFile = (ctx: Env) => path.join(stateDir(ctx), "settings.json");
export const cacheDir = (ctx: Env) => path.join(stateDir(ctx), "cache");

/** The shared AWS config file; `~` at the start of AWS_CONFIG_FILE is expanded as the SDKs do. */
export function awsConfigFile(ctx: Env): string {
  const given = ctx.env.AWS_CONFIG_FILE;
  if (given) return path.resolve(given.startsWith("~/") ? path.join(ctx.homedir, given.slice(2)) : given);
  return path.join(ctx.homedir, ".aws", "config");
}

/** A path as a person reads it: under the home folder as ~/… */
export function displayPath(ctx: Env, file: string): string {
  const home = ctx.homedir.endsWith(path.sep) ? ctx.homedir : ctx.homedir + path.sep;
  return file.startsWith(home) ? `~/${file.slice(home.length)}` : file;
}
