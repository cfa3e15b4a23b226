import Image from "next/image";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md rounded-xl border border-slate-200 dark:border-slate-700 bg-white dark:bg-slate-900 p-8 shadow-sm">
        <div className="mb-6 flex items-center gap-3">
          <Image src="/gatehouse.svg" alt="" width={36} height={36} />
          <span className="text-xl font-semibold tracking-tight">Gatehouse</span>
        </div>
        {children}
      </div>
    </main>
  );
}
