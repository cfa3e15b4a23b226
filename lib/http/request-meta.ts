import "server-only";
import { headers } from "next/headers";
import { getConfig } from "@/lib/config";
import { clientIpFrom, PEER_STAMPED_ENV } from "@/lib/http/client-ip";

export interface RequestMeta {
  sourceIp: string | null;
  userAgent: string | null;
}

/** requestMetaFrom for the current request (next/headers). */
export async function getRequestMeta(): Promise<RequestMeta> {
  return requestMetaFrom(await headers());
}

/**
 * Who is calling, for the audit log and per-address limits: the client address (the TCP peer, or what the
 * outermost of TRUSTED_PROXY_HOPS trusted proxies saw; never a client-chosen X-Forwarded-For entry) and the user
 * agent, from a request's headers.
 */
export function requestMetaFrom(h: Headers): RequestMeta {
  const peerStamped = process.env[PEER_STAMPED_ENV] === "1";
  return { sourceIp: clientIpFrom(h, getConfig().TRUSTED_PROXY_HOPS, { peerStamped }), userAgent: h.get("user-agent") };
}
