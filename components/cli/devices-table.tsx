"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import { Time } from "@/components/ui/time";
import type { DeviceRow } from "@/lib/cli/cli-api";

// Signed-in command-line devices with Revoke: the token stops working at its next request, on every instance.

function RevokeButton({ device }: { device: DeviceRow }) {
  const router = useRouter();
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const revoke = async () => {
    if (!window.confirm(`Revoke the command-line sign-in "${device.deviceName}" of ${device.email}? That terminal will have to run gatehouse login again.`))
      return;
    setState({ busy: true, error: null });
    try {
      const response = await fetch(`/api/cli/devices/${encodeURIComponent(device.id)}`, { method: "DELETE", headers: { accept: "application/json" } });
      const body = (await response.json().catch(() => null)) as { message?: string } | null;
      if (!response.ok) return setState({ busy: false, error: body?.message ?? `Gatehouse answered HTTP ${response.status}. Try again.` });
      router.refresh();
    } catch {
      setState({ busy: false, error: "Gatehouse could not be reached. Check your connection and try again." });
    }
  };
  return (
    <div className="flex flex-col items-start gap-1">
      <button
        type="button"
        className={buttonStyles.danger}
        onClick={() => void revoke()}
        disabled={state.busy}
        aria-label={`${state.busy ? "Revoking" : "Revoke"} ${device.deviceName} (${device.email})`}
      >
        {state.busy ? "Revoking…" : "Revoke"}
      </button>
      {state.error ? (
        <p role="alert" className="max-w-xs text-xs text-red-800 dark:text-red-200">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}

export function DevicesTable({ devices, showOwner, label }: { devices: DeviceRow[]; showOwner: boolean; label: string }) {
  return (
    <div
      className="relative overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900"
      tabIndex={0}
      role="region"
      aria-label={label}
    >
      <table className="min-w-full divide-y divide-slate-200 dark:divide-slate-700 text-sm" data-testid="cli-devices">
        <thead className="bg-slate-50 dark:bg-slate-800/60 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-3 py-2">
              Device
            </th>
            {showOwner ? (
              <th scope="col" className="px-3 py-2">
                Person
              </th>
            ) : null}
            <th scope="col" className="px-3 py-2">
              Signed in
            </th>
            <th scope="col" className="px-3 py-2">
              Last used
            </th>
            <th scope="col" className="px-3 py-2">
              Source IP
            </th>
            <th scope="col" className="px-3 py-2">
              Ends
            </th>
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {devices.map((device) => (
            <tr key={device.id} data-testid="cli-device" data-device={device.deviceName} className="align-top">
              <td className="px-3 py-2 font-medium">{device.deviceName}</td>
              {showOwner ? <td className="px-3 py-2 text-slate-700 dark:text-slate-300">{device.email}</td> : null}
              <td className="whitespace-nowrap px-3 py-2">
                <Time value={device.createdAt} />
              </td>
              <td className="whitespace-nowrap px-3 py-2">
                <Time value={device.lastUsedAt} />
              </td>
              <td className="px-3 py-2 font-mono text-xs">{device.sourceIp ?? "unknown"}</td>
              <td className="whitespace-nowrap px-3 py-2">
                <Time value={device.expiresAt} />
              </td>
              <td className="px-3 py-2">
                <RevokeButton device={device} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
