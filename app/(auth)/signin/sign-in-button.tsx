"use client";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";

export function SignInButton({ callbackUrl }: { callbackUrl: string }) {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className={`${buttonStyles.primary} w-full py-2.5`}
      disabled={pending}
      aria-busy={pending}
      onClick={() => {
        setPending(true);
        void signIn("google", { callbackUrl });
      }}
    >
      {pending ? "Redirecting to Google…" : "Sign in with Google"}
    </button>
  );
}
