import type { Metadata } from "next";
import Link from "next/link";
import { buttonStyles } from "@/components/ui/button-styles";
import { Notice } from "@/components/ui/notice";

export const metadata: Metadata = { title: "Sign-in refused" };

// The reason comes from the server's check of the signed ID token; the page only explains it. Texts are fixed here so
// nothing in the URL is shown as-is except the account name, which React escapes.
const REASONS: Record<string, { title: string; body: (account?: string) => string }> = {
  "foreign-domain": {
    title: "This Google account is not from an allowed Workspace domain",
    body: (a) => `${a ? `You signed in as ${a}. ` : ""}Gatehouse is only for accounts of the company's Google Workspace. Choose your work account and try again.`,
  },
  "no-hosted-domain": {
    title: "Personal Google accounts can't sign in",
    body: (a) => `${a ? `${a} is a personal Google account (it belongs to no Workspace domain). ` : ""}Sign in with your company Google Workspace account instead.`,
  },
  "email-unverified": {
    title: "Your email address isn't verified",
    body: (a) => `Google has not verified ${a ?? "this account's email address"}, so Gatehouse can't trust it. Ask your Workspace administrator.`,
  },
  "missing-claims": {
    title: "Google didn't say who you are",
    body: () => "The sign-in answer had no account ID or email address. Please try again.",
  },
  "invalid-token": {
    title: "The sign-in token could not be verified",
    body: () => "Google's signed token failed Gatehouse's checks (signature, issuer, audience or expiry). Please try again.",
  },
  "groups-unavailable": {
    title: "Your Google groups could not be read",
    body: () => "Gatehouse decides access from your Google groups and could not read them just now. Please try again in a minute.",
  },
};

export default async function RefusedPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const { reason, account } = await searchParams;
  const entry = REASONS[reason ?? ""] ?? { title: "Sign-in refused", body: () => "Gatehouse refused this sign-in." };
  const shownAccount = account && /^[^\s<>]{1,254}$/.test(account) ? account : undefined;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Sign-in refused</h1>
      <Notice tone="error" title={entry.title}>
        <p data-testid="refusal-reason" data-reason={reason}>{entry.body(shownAccount)}</p>
      </Notice>
      <Link href="/signin" className={buttonStyles.secondary}>
        Try another account
      </Link>
    </div>
  );
}
