"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { buttonStyles } from "@/components/ui/button-styles";

// Marks an account role as a favourite (server-checked: only roles the user may open). Refreshes the page so the
// favourites list reflects the change.
export function FavouriteToggle({ accountId, roleName, initial, where }: { accountId: string; roleName: string; initial: boolean; where: string }) {
  const [favourite, setFavourite] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const router = useRouter();

  async function toggle() {
    setError(null);
    const response = await fetch("/api/favourites", {
      method: favourite ? "DELETE" : "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ accountId, roleName }),
    }).catch(() => null);
    if (!response?.ok) {
      const body = (await response?.json().catch(() => null)) as { message?: string } | null;
      setError(body?.message ?? "Gatehouse could not save the favourite. Try again.");
      return;
    }
    setFavourite(!favourite);
    startTransition(() => router.refresh());
  }

  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        className={buttonStyles.subtle}
        aria-pressed={favourite}
        disabled={pending}
        aria-label={`Favourite ${roleName} in ${where}`}
        onClick={() => void toggle()}
      >
        {/* The state is aria-pressed and the star; the words stay "Favourite", the start of the name. */}
        <span aria-hidden>{favourite ? "★" : "☆"}</span> Favourite
      </button>
      {error ? (
        <span role="alert" className="text-xs text-red-800 dark:text-red-200">
          {error}
        </span>
      ) : null}
    </span>
  );
}
