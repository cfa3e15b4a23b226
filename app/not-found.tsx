import type { Metadata } from "next";
import Link from "next/link";
import { buttonStyles } from "@/components/ui/button-styles";

export const metadata: Metadata = { title: "Page not found" };

const PLACES = [
  { href: "/", label: "Overview" },
  { href: "/organization", label: "Organization" },
  { href: "/instances", label: "Instances" },
  { href: "/sessions", label: "Sessions" },
  { href: "/audit", label: "Audit log" },
  { href: "/cli", label: "Command line" },
];

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-24 text-center">
      <p className="text-sm font-semibold text-brand-600 dark:text-brand-300">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">There is nothing at this address. It may have moved, or the link may be wrong.</p>
      <Link href="/" className={`${buttonStyles.primary} mt-6`}>
        Back to Gatehouse
      </Link>
      <nav aria-label="Gatehouse pages" className="mt-8">
        <ul className="flex flex-wrap justify-center gap-x-4 gap-y-2 text-sm">
          {PLACES.map((place) => (
            <li key={place.href}>
              <Link href={place.href} className="text-brand-700 dark:text-brand-300 underline">
                {place.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </main>
  );
}
