import type { Metadata } from "next";
import { DevicesTable } from "@/components/cli/devices-table";
import { Notice } from "@/components/ui/notice";
import { requireActor } from "@/lib/actor/from-request";
import { readCliBundle } from "@/lib/cli/bundle";
import { listDevices } from "@/lib/cli/devices";
import { getConfig } from "@/lib/config";

export const metadata: Metadata = { title: "Command line" };
export const dynamic = "force-dynamic";

function Command({ children, testId }: { children: string; testId?: string }) {
  return (
    // It scrolls sideways on a narrow screen, so a keyboard must be able to reach it (tabIndex) and hear what it is.
    <pre
      className="relative overflow-x-auto rounded-md bg-slate-900 px-3 py-2 text-sm text-slate-100 dark:ring-1 dark:ring-slate-700"
      data-testid={testId}
      role="region"
      tabIndex={0}
      aria-label={`Command: ${(children.split("\n")[0] ?? "").slice(0, 60)}`}
    >
      <code>{children}</code>
    </pre>
  );
}

export default async function CommandLinePage() {
  const actor = await requireActor();
  const [bundle, devices] = await Promise.all([readCliBundle(), listDevices({ actor })]);
  const url = getConfig().NEXTAUTH_URL.replace(/\/$/, "");
  const download = `${url}/cli/gatehouse.mjs`;
  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-2xl font-semibold">Command line</h1>
        <p className="mt-1 max-w-3xl text-slate-600 dark:text-slate-400">
          <code>gatehouse</code> gives the AWS CLI, Terraform and every SDK temporary credentials for the roles you may open, decided and recorded here like a
          console sign-in. It signs in through this browser, and its sign-in lasts no longer than a browser sign-in.
        </p>
      </header>

      <section aria-labelledby="install" className="space-y-3">
        <h2 id="install" className="text-lg font-semibold">
          Install
        </h2>
        {bundle ? (
          <>
            <p className="text-slate-700 dark:text-slate-300">
              One file for Node.js 20.19+ or 22+, no other dependencies:{" "}
              <a className="text-brand-700 dark:text-brand-300 underline" href="/cli/gatehouse.mjs" download="gatehouse.mjs" data-testid="cli-download">
                gatehouse.mjs
              </a>{" "}
              ({Math.ceil(bundle.bytes.length / 1024)} KiB), SHA-256{" "}
              <code className="break-all text-xs" data-testid="cli-sha256">
                {bundle.sha256}
              </code>
              .
            </p>
            <Command testId="cli-install">{`mkdir -p ~/.local/bin && curl -fsSLo ~/.local/bin/gatehouse.mjs ${download} \\\n  && echo "${bundle.sha256}  $HOME/.local/bin/gatehouse.mjs" | sha256sum -c - \\\n  && chmod +x ~/.local/bin/gatehouse.mjs && ln -sf gatehouse.mjs ~/.local/bin/gatehouse`}</Command>
            <p className="text-sm text-slate-600 dark:text-slate-400">
              On macOS use <code>shasum -a 256 -c -</code> instead of <code>sha256sum -c -</code>. Inside Gatehouse&apos;s own repository,{" "}
              <code>npx gatehouse</code> runs it too.
            </p>
          </>
        ) : (
          <Notice tone="warning" title="The command line has not been built on this Gatehouse">
            Its operators build it with <code>npm run build</code> (or <code>npm run build:cli</code>).
          </Notice>
        )}
      </section>

      <section aria-labelledby="first-use" className="space-y-3">
        <h2 id="first-use" className="text-lg font-semibold">
          First use
        </h2>
        <ol className="list-decimal space-y-3 pl-5 text-slate-700 dark:text-slate-300">
          <li>
            Sign the terminal in; your browser asks you to approve it (check the code it shows). On a machine without a browser add <code>--no-browser</code>.
            <Command>{`gatehouse login --url ${url}`}</Command>
          </li>
          <li>
            See what you may use, and write one AWS profile per role into <code>~/.aws/config</code> (in a block of its own; the rest of the file is left
            alone).
            <Command>{"gatehouse ls\ngatehouse configure"}</Command>
          </li>
          <li>
            Use the profiles; each role&apos;s exact profile name is in its <strong>Open console</strong> options.
            <Command>
              {"aws sts get-caller-identity --profile gh-<account>-<role>\ngatehouse exec --account <id or name> --role <role> -- terraform plan"}
            </Command>
          </li>
          <li>
            Sign out when you are done; the token stops working at once.
            <Command>{"gatehouse logout"}</Command>
          </li>
        </ol>
      </section>

      <section aria-labelledby="my-devices" className="space-y-3">
        <h2 id="my-devices" className="text-lg font-semibold">
          Your signed-in devices
        </h2>
        {devices.mine.length === 0 ? (
          <Notice title="No terminal is signed in as you">Run gatehouse login to sign one in.</Notice>
        ) : (
          <DevicesTable devices={devices.mine} showOwner={false} label="Your signed-in devices" />
        )}
      </section>

      {devices.everyone ? (
        <section aria-labelledby="all-devices" className="space-y-3">
          <h2 id="all-devices" className="text-lg font-semibold">
            Everyone&apos;s signed-in devices
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            As an administrator you may revoke anyone&apos;s. The People page ends all of a person&apos;s sessions at once.
          </p>
          {devices.everyone.length === 0 ? (
            <Notice title="No terminal is signed in" />
          ) : (
            <DevicesTable devices={devices.everyone} showOwner label="Everyone's signed-in devices" />
          )}
        </section>
      ) : null}
    </div>
  );
}
