// Opening a URL in the person's browser: GATEHOUSE_BROWSER (a program given the URL as its one argument; tests use
// it), otherwise the platform's opener (open, xdg-open, start). The URL is always printed as well, so nothing is
// lost when no browser opens, as on a server over SSH.
export function openerFor(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform): { command: string; args: string[] } {
  if (env.GATEHOUSE_BROWSER) return { command: env.GATEHOUSE_BROWSER, args: [] };
  if (platform === "darwin") return { command: "open", args: [] };
  // `start` is a cmd.exe built-in; its first quoted argument is a window title, hence the empty one.
  if (platform === "win32") return { command: "cmd", args: ["/c", "start", '""'] };
  return { command: "xdg-open", args: [] };
}

export async function openInBrowser(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform, url: string): Promise<boolean> {
  const { command, args } = openerFor(env, platform);
  const { spawn } = await import("node:child_process"); // loaded on use: `credentials` never opens a browser
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(command, [...args, platform === "win32" && !env.GATEHOUSE_BROWSER ? url.replace(/&/g, "^&") : url], { stdio: "ignore", detached: true });
    } catch {
      resolve(false);
      return;
    }
    child.once("error", () => resolve(false));
    child.once("spawn", () => {
      child.unref();
      resolve(true);
    });
  });
}
