// The tree page's calls to its own API. Every answer is checked for a message, so a failure can be shown as a
// sentence with a Retry, never as a blank area.
import type { OrgNodeView } from "@/lib/org/node-view";
import type { NodeTagsView } from "@/lib/org/node-tags";
import type { PolicyDocument } from "@/lib/org/policies";
import type { OrgSyncStatusView } from "@/lib/org/sync-status";

export type ChildrenAnswer = { parentId: string; syncId: string | null; nodes: OrgNodeView[]; offset: number; total: number };
export type SearchAnswer = { query: string; total: number; matchIds: string[]; nodes: OrgNodeView[]; syncId: string | null };
export type StartSyncAnswer = { status: "running" | "already-running"; syncId: string | null; message?: string };

export class OrgApiError extends Error {}

async function readJson<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => null)) as (T & { message?: string }) | null;
  if (response.ok && body) return body;
  if (response.status === 409 && body) return body; // "already running" is an answer, not a failure
  throw new OrgApiError(body?.message ?? `Gatehouse answered HTTP ${response.status}. Try again.`);
}

async function call<T>(input: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(input, { ...init, headers: { accept: "application/json", ...init?.headers } });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new OrgApiError("Gatehouse could not be reached. Check your connection and try again.");
  }
  return readJson<T>(response);
}

export const fetchChildren = (parentId: string, offset = 0) => call<ChildrenAnswer>(`/api/org/nodes?parent=${encodeURIComponent(parentId)}&offset=${offset}`);
export const fetchSearch = (query: string, signal: AbortSignal) => call<SearchAnswer>(`/api/org/search?q=${encodeURIComponent(query)}`, { signal });
export const fetchPolicy = (policyId: string) => call<PolicyDocument>(`/api/org/policies/${encodeURIComponent(policyId)}`);
export const fetchNodeTags = (nodeId: string, signal: AbortSignal) =>
  call<NodeTagsView>(`/api/org/nodes/${encodeURIComponent(nodeId)}/tags`, { signal, cache: "no-store" });
export const fetchSyncStatus = () => call<OrgSyncStatusView>("/api/org/sync", { cache: "no-store" });
export const requestSync = () => call<StartSyncAnswer>("/api/org/sync", { method: "POST" });
