"use client";
import { useEffect, useId, useState } from "react";
import { consoleQuery, type ConsoleRoleDetails } from "@/lib/console/console-api";
import { CONSOLE_SERVICES } from "@/lib/console/destinations";
import { CommandLineOptions } from "./command-line-options";
import { CopySwitchRoleLink } from "./copy-switch-role-link";
import { FavouriteToggle } from "./favourite-toggle";

// The Open console button's extra choices: where to land (from the allow-list only), a reason when the profile asks
// for one, a new-tab link, the switch-role link and the favourite toggle, and the command line's profile name,
// commands and Copy temporary credentials. Details are fetched on first open.

export type DestinationChoice = { service: string; region: string };

interface Props {
  id: string;
  accountId: string;
  roleName: string;
  where: string;
  initialDetails: ConsoleRoleDetails | undefined;
  choice: DestinationChoice;
  onChoice: (choice: DestinationChoice) => void;
  reason: string;
  onReason: (reason: string) => void;
  reasonNeeded: boolean | undefined;
}

function useRoleDetails(accountId: string, roleName: string, initial: ConsoleRoleDetails | undefined) {
  const [details, setDetails] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (details) return;
    let live = true;
    fetch(`/api/console/options?${consoleQuery(accountId, roleName)}`)
      .then(async (response) => {
        const body = (await response.json().catch(() => null)) as (ConsoleRoleDetails & { message?: string }) | null;
        if (!live) return;
        if (response.ok && body) setDetails(body);
        else setError(body?.message ?? `Gatehouse answered HTTP ${response.status}.`);
      })
      .catch(() => live && setError("Gatehouse could not be reached."));
    return () => {
      live = false;
    };
  }, [accountId, roleName, details]);
  return { details, error };
}

export function ConsoleOptionsPanel(props: Props) {
  const { details, error } = useRoleDetails(props.accountId, props.roleName, props.initialDetails);
  const serviceId = useId();
  const regionId = useId();
  const reasonId = useId();
  const { choice, onChoice } = props;
  const destination = choice.service ? (choice.region ? `${choice.service}:${choice.region}` : choice.service) : undefined;
  const newTabQuery = new URLSearchParams(consoleQuery(props.accountId, props.roleName, destination));
  if (props.reason.trim()) newTabQuery.set("reason", props.reason.trim());
  const globalService = CONSOLE_SERVICES.some((service) => service.id === choice.service && "global" in service);

  return (
    <div
      id={props.id}
      className="w-full max-w-xl space-y-3 rounded-md border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-3 text-sm"
      data-testid="console-options"
    >
      <div className="flex flex-wrap gap-3">
        <label htmlFor={serviceId} className="flex flex-col gap-1">
          <span className="font-medium">Land on</span>
          <select
            id={serviceId}
            className="rounded border border-slate-300 dark:border-slate-600 px-2 py-1"
            value={choice.service}
            onChange={(e) => onChoice({ ...choice, service: e.target.value })}
          >
            <option value="">Console home (default)</option>
            {CONSOLE_SERVICES.filter((service) => service.id !== "home").map((service) => (
              <option key={service.id} value={service.id}>
                {service.label}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={regionId} className="flex flex-col gap-1">
          <span className="font-medium">Region</span>
          <select
            id={regionId}
            className="rounded border border-slate-300 dark:border-slate-600 px-2 py-1"
            value={globalService ? "" : choice.region}
            disabled={globalService}
            onChange={(e) => onChoice({ service: choice.service || (e.target.value ? "home" : ""), region: e.target.value })}
          >
            <option value="">Default region</option>
            {(details?.regions ?? []).map((region) => (
              <option key={region} value={region}>
                {region}
              </option>
            ))}
          </select>
        </label>
      </div>
      {props.reasonNeeded ? (
        <label htmlFor={reasonId} className="flex flex-col gap-1">
          <span className="font-medium">Reason (required by your profile)</span>
          <textarea
            id={reasonId}
            className="rounded border border-slate-300 dark:border-slate-600 px-2 py-1"
            rows={2}
            maxLength={1000}
            value={props.reason}
            onChange={(e) => props.onReason(e.target.value)}
          />
        </label>
      ) : null}
      {details ? (
        <p className="text-slate-600 dark:text-slate-400" data-testid="console-session-length">
          The console session will last {details.sessionLength}
          {details.chained ? " (role chaining limits it to one hour)" : ""}; Gatehouse shows when it ends once it is open.
        </p>
      ) : error ? (
        <p role="alert" className="text-red-800 dark:text-red-200">
          {error}
        </p>
      ) : (
        <p className="text-slate-500 dark:text-slate-400">Loading details…</p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <a className="text-brand-700 dark:text-brand-300 underline" href={`/api/console/open?${newTabQuery}`} target="_blank" rel="noopener noreferrer">
          Open in a new tab
        </a>
        {details ? <CopySwitchRoleLink url={details.switchRoleUrl} label={`switch-role link for ${props.roleName} in ${props.where}`} /> : null}
        {details ? <FavouriteToggle accountId={props.accountId} roleName={props.roleName} initial={details.favourite} where={props.where} /> : null}
      </div>
      {details ? (
        <CommandLineOptions accountId={props.accountId} roleName={props.roleName} profileName={details.profileName} reason={props.reason} where={props.where} />
      ) : null}
    </div>
  );
}
