import Link from "next/link";
import { buttonStyles } from "@/components/ui/button-styles";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl px-4 py-24 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-slate-600">There is nothing at this address. It may have moved, or the link may be wrong.</p>
      <Link href="/" className={`${buttonStyles.primary} mt-6`}>Back to Gatehouse</Link>
    </main>
  );
}
