import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/actor/from-request";
import { signInCallbackPath, signInErrorMessage, type QueryValue } from "@/lib/auth/sign-in-messages";
import { Notice } from "@/components/ui/notice";
import { SignInButton } from "./sign-in-button";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, QueryValue>> }) {
  const params = await searchParams;
  // Query values are untrusted: a repeated key is an array, and "__proto__" or "constructor" must not reach an object.
  const callbackPath = signInCallbackPath(params.callbackUrl);
  if (await getActor()) redirect(callbackPath);
  const error = signInErrorMessage(params.error);

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Sign in</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          Use your company Google Workspace account. Your Google groups decide which AWS accounts, roles and instances you can reach.
        </p>
      </div>
      {error ? (
        <Notice tone="error" title="Couldn't sign you in">
          {error}
        </Notice>
      ) : null}
      <SignInButton callbackUrl={callbackPath} />
    </div>
  );
}
