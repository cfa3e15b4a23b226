import type { Metadata } from "next";
import Link from "next/link";
import { buttonStyles } from "@/components/ui/button-styles";
import { Notice } from "@/components/ui/notice";
import { refusalMessage, type QueryValue } from "@/lib/auth/sign-in-messages";

export const metadata: Metadata = { title: "Sign-in refused" };

// The reason comes from the server's check of the signed ID token; the page only explains it, with fixed texts from
// lib/auth/sign-in-messages (a generic one for anything unknown, "__proto__" included).
export default async function RefusedPage({ searchParams }: { searchParams: Promise<Record<string, QueryValue>> }) {
  const { reason, account } = await searchParams;
  const message = refusalMessage(reason, account);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Sign-in refused</h1>
      <Notice tone="error" title={message.title}>
        <p data-testid="refusal-reason" data-reason={message.reason}>
          {message.body}
        </p>
      </Notice>
      <Link href="/signin" className={buttonStyles.secondary}>
        Try another account
      </Link>
    </div>
  );
}
