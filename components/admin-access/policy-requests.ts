// The admin pages' calls to the profile-version routes: the answer's JSON, or a sentence to show when there is none.

export type Answer<T> = { ok: true; body: T } | { ok: false; status: number; message: string; currentVersion?: number };

export async function postPolicy<T>(path: string, body: unknown): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch(path, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(body) });
  } catch {
    return { ok: false, status: 0, message: "Gatehouse could not be reached. Check your connection and try again; nothing was changed." };
  }
  const json = (await response.json().catch(() => null)) as (T & { message?: string; currentVersion?: number }) | null;
  if (response.ok && json) return { ok: true, body: json };
  return {
    ok: false,
    status: response.status,
    message: json?.message ?? `Gatehouse answered HTTP ${response.status}. Try again.`,
    ...(typeof json?.currentVersion === "number" && { currentVersion: json.currentVersion }),
  };
}
