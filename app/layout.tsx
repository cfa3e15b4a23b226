import type { Metadata } from "next";
import { cookies } from "next/headers";
import { connection } from "next/server";
import { parseTheme, THEME_COOKIE } from "@/lib/ui/theme";
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
  // The chosen theme is a class on <html> from the first byte (no flash, no script): see app/globals.css.
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" className={theme}>
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
