import "server-only";
import { headers } from "next/headers";
import { getConfig } from "@/lib/config";
import { clientIpFrom, PEER_STAMPED_ENV } from "@/lib/http/client-ip";

export interface RequestMeta {
  sourceIp: string | null;
  userAgent: string | null;
}

/**
 * Who is calling, for the audit log: the client address (the TCP peer, or what the outermost of
 * TRUSTED_PROXY_HOPS trusted proxies saw; never a client-chosen X-Forwarded-For entry) and the user agent.
 */
export async function getRequestMeta(): Promise<RequestMeta> {
  const h = await headers();
  const peerStamped = process.env[PEER_STAMPED_ENV] === "1";
  return { sourceIp: clientIpFrom(h, getConfig().TRUSTED_PROXY_HOPS, { peerStamped }), userAgent: h.get("user-agent") };
}
