"use client";
import { useEffect, useSyncExternalStore } from "react";
import { buildDirectoryItems, buildInstanceItems } from "@/lib/search/build-items";
import type { DirectoryIndex, InstanceIndex, SearchItem } from "@/lib/search/search-types";

// The search index, loaded once per page session and shared by the header's palette and the landing page's box:
// pages, accounts and roles first (one small answer), instances after (the Instances page's listing, which can be
// slow or partial), so everything else is searchable while instances load. Kept in memory; asked again when opened
// after REFRESH_MS, so access that changed shows up without a reload.

export type LoadState = "idle" | "loading" | "ready" | "error";

export interface SearchIndexSnapshot {
  directory: LoadState;
  instances: LoadState;
  /** Directory items, then instance items: the order equal-ranked results are shown in. */
  items: SearchItem[];
  problems: InstanceIndex["problems"];
  directoryError: string | null;
  instancesError: string | null;
}

const REFRESH_MS = 2 * 60_000;

let snapshot: SearchIndexSnapshot = { directory: "idle", instances: "idle", items: [], problems: [], directoryError: null, instancesError: null };
let directoryItems: SearchItem[] = [];
let instanceItems: SearchItem[] = [];
let loadedAt = 0;
const listeners = new Set<() => void>();

function update(change: Partial<SearchIndexSnapshot>) {
  snapshot = { ...snapshot, ...change, items: [...directoryItems, ...instanceItems] };
  listeners.forEach((listener) => listener());
}

async function fetchJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: "application/json" }, cache: "no-store" });
  const body = (await response.json().catch(() => null)) as (T & { message?: string }) | null;
  if (!response.ok || !body) throw new Error(body?.message ?? `Gatehouse answered ${response.status}.`);
  return body;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function loadDirectory() {
  update({ directory: "loading", directoryError: null });
  try {
    directoryItems = buildDirectoryItems(await fetchJson<DirectoryIndex>("/api/search"));
    update({ directory: "ready" });
  } catch (error) {
    update({ directory: "error", directoryError: messageOf(error) });
  }
}

async function loadInstances() {
  update({ instances: "loading", instancesError: null });
  try {
    const index = await fetchJson<InstanceIndex>("/api/search/instances");
    instanceItems = buildInstanceItems(index);
    update({ instances: "ready", problems: index.problems });
  } catch (error) {
    update({ instances: "error", problems: [], instancesError: messageOf(error) });
  }
}

/** Loads the index if it is not loaded (or loaded long ago); a load under way is not started twice. */
export function ensureSearchIndex() {
  const busy = snapshot.directory === "loading" || snapshot.instances === "loading";
  const fresh = loadedAt > 0 && Date.now() - loadedAt < REFRESH_MS && !snapshot.directoryError && !snapshot.instancesError;
  if (busy || fresh) return;
  loadedAt = Date.now();
  void loadDirectory().then(loadInstances);
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};
const EMPTY = snapshot;

/** The index as it stands; starts loading it once `active` (the palette opened, the box focused). */
export function useSearchIndex(active: boolean): SearchIndexSnapshot {
  useEffect(() => {
    if (active) ensureSearchIndex();
  }, [active]);
  return useSyncExternalStore(
    subscribe,
    () => snapshot,
    () => EMPTY,
  );
}

/**
 * For the benchmark (bench/palette.ts bundles it into its page, so knip cannot see the use): an index given
 * directly, as if both answers had arrived.
 * @public
 */
export function setSearchIndexForTesting(directory: DirectoryIndex, instances: InstanceIndex) {
  directoryItems = buildDirectoryItems(directory);
  instanceItems = buildInstanceItems(instances);
  loadedAt = Date.now();
  update({ directory: "ready", instances: "ready", problems: instances.problems, directoryError: null, instancesError: null });
}
