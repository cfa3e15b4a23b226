import "server-only";
import { headers } from "next/headers";

export interface RequestMeta {
  sourceIp: string | null;
  userAgent: string | null;
}

/** Who is calling, for the audit log: the client address as the proxy in front reports it, and the user agent. */
export async function getRequestMeta(): Promise<RequestMeta> {
  const h = await headers();
  const forwarded = h.get("x-forwarded-for")?.split(",")[0]?.trim();
  return { sourceIp: forwarded || h.get("x-real-ip") || null, userAgent: h.get("user-agent") };
}
