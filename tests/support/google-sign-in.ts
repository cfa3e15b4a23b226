// Drives the sandbox Google issuer over HTTP the way a browser does (authorization request, account chooser, code
// exchange with PKCE) to obtain real signed ID tokens for integration tests.
import { createHash, randomBytes } from "node:crypto";

export interface OidcClient {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export async function obtainIdToken(client: OidcClient, userEmail: string): Promise<string> {
  const discovery = (await (await fetch(`${client.issuer}/.well-known/openid-configuration`)).json()) as Record<string, string>;
  const cookies = new Map<string, string>();
  const request = async (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (cookies.size) headers.set("cookie", [...cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return res;
  };
  const follow = async (start: string, init: RequestInit = {}) => {
    let url = start;
    let res = await request(url, init);
    while (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get("location") ?? "", url).toString();
      if (!url.startsWith(client.issuer)) break;
      res = await request(url);
    }
    return { res, url };
  };

  const verifier = randomBytes(32).toString("base64url");
  const auth = new URL(discovery.authorization_endpoint!);
  auth.search = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: "code",
    scope: "openid email profile",
    state: randomBytes(8).toString("hex"),
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  }).toString();
  const chooser = await follow(auth.toString());
  const html = await chooser.res.text();
  const button = [...html.matchAll(/name="sub" value="(\d+)" aria-label="([^"]+)"/g)].find((m) => m[2]!.endsWith(` ${userEmail}`));
  if (!button) throw new Error(`the account chooser lists no ${userEmail}`);
  const back = await follow(`${chooser.url}/choose`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ sub: button[1]! }),
  });
  const code = new URL(back.url).searchParams.get("code");
  if (!code) throw new Error(`no authorization code in ${back.url}`);
  const tokenRes = await fetch(discovery.token_endpoint!, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: client.redirectUri, code_verifier: verifier }),
  });
  const tokens = (await tokenRes.json()) as { id_token?: string };
  if (!tokens.id_token) throw new Error(`token endpoint answered ${tokenRes.status} without an ID token`);
  return tokens.id_token;
}
