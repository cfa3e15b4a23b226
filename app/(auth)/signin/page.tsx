import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { Notice } from "@/components/ui/notice";
import { SignInButton } from "./sign-in-button";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  OAuthSignin: "Gatehouse could not start the Google sign-in. Please try again.",
  OAuthCallback: "Google's answer could not be checked. Please try again.",
  Callback: "Google's answer could not be checked. Please try again.",
  AccessDenied: "Your sign-in was refused.",
  SessionRequired: "Please sign in to continue.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const callbackPath = safeCallbackPath(params.callbackUrl ?? "/", "http://gatehouse.invalid");
  if (await getCurrentUser()) redirect(callbackPath);
  const error = params.error ? (ERRORS[params.error] ?? "Sign-in failed. Please try again.") : null;

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Sign in</h1>
        <p className="mt-2 text-sm text-slate-600">
          Use your company Google Workspace account. Your Google groups decide which AWS accounts, roles and instances you can reach.
        </p>
      </div>
      {error ? <Notice tone="error" title="Couldn't sign you in">{error}</Notice> : null}
      <SignInButton callbackUrl={callbackPath} />
    </div>
  );
}
