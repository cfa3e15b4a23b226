import "server-only";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { getAuthOptions } from "@/lib/auth/options";

export interface CurrentUser {
  sub: string;
  email: string;
  name: string;
  image: string | null;
  hd: string;
  groups: string[];
  signInExpiresAt: number;
}

/** The signed-in person, or null. Reads the encrypted session cookie; groups are as of the last re-check. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  // Per-request by nature: never prerendered at build time (when no runtime configuration exists).
  await connection();
  const session = await getServerSession(getAuthOptions());
  if (!session?.user?.sub) return null;
  if (session.signInExpiresAt * 1000 <= Date.now()) return null;
  const { sub, email, name, image, hd, groups } = session.user;
  return { sub, email, name, image: image ?? null, hd, groups, signInExpiresAt: session.signInExpiresAt };
}

/** For pages: the signed-in person, or a redirect to the sign-in page. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/signin");
  return user;
}
