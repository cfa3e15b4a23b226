import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Gatehouse", template: "%s · Gatehouse" },
  description: "One page to reach every AWS account and instance you are allowed to.",
  icons: { icon: "/gatehouse.svg" },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request, so Next.js can stamp its scripts with the request's CSP nonce (proxy.ts); a page
  // prerendered at build time (the 404 page, say) would carry scripts without one, which the CSP refuses.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
