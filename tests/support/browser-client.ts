// What a browser does with Gatehouse over plain HTTP: a cookie jar, same-origin headers, and the whole Google
// sign-in (next-auth's sign-in request, the sandbox issuer's account chooser, the callback). Each request names the
// server it goes to, so a test can start a sign-in on one Gatehouse instance and finish it on another, as a load
// balancer may.

export class BrowserClient {
  private readonly cookies = new Map<string, string>();

  /** `publicUrl`: Gatehouse's public address (NEXTAUTH_URL), sent as Origin the way a page of it would. */
  constructor(private readonly publicUrl: string) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const mine = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (mine) headers.set("cookie", mine);
    if (init.method && init.method !== "GET") {
      headers.set("origin", this.publicUrl);
      headers.set("sec-fetch-site", "same-origin");
    }
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/;\s*max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  json(url: string, body: unknown, method = "POST"): Promise<Response> {
    return this.request(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  }

  private async form(url: string, fields: Record<string, string>): Promise<Response> {
    return this.request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields) });
  }

  private async csrf(server: string): Promise<string> {
    const res = await this.request(`${server}/api/auth/csrf`);
    return ((await res.json()) as { csrfToken: string }).csrfToken;
  }

  /**
   * Signs in as `email` through the sandbox issuer: the sign-in starts on `startOn` and Google's redirect back
   * (addressed to the public URL) is delivered to `finishOn`.
   */
  async signIn(email: string, servers: { startOn: string; finishOn: string }): Promise<void> {
    const started = await this.form(`${servers.startOn}/api/auth/signin/google`, {
      csrfToken: await this.csrf(servers.startOn),
      callbackUrl: "/",
      json: "true",
    });
    if (started.status !== 200) throw new Error(`sign-in did not start: ${started.status} ${await started.text()}`);
    let url = ((await started.json()) as { url: string }).url;
    const issuer = new URL(url).origin;
    // The issuer's pages: the authorization request, then the account chooser.
    let res = await this.request(url);
    while (res.status >= 300 && res.status < 400 && new URL(res.headers.get("location")!, url).origin === issuer) {
      url = new URL(res.headers.get("location")!, url).toString();
      res = await this.request(url);
    }
    const html = await res.text();
    const button = [...html.matchAll(/name="sub" value="(\d+)" aria-label="([^"]+)"/g)].find((m) => m[2]!.endsWith(` ${email}`));
    if (!button) throw new Error(`the account chooser lists no ${email}`);
    res = await this.form(`${url}/choose`, { sub: button[1]! });
    let location = new URL(res.headers.get("location")!, url);
    while (location.origin === issuer) {
      res = await this.request(location.toString());
      location = new URL(res.headers.get("location")!, location);
    }
    // Back to Gatehouse's callback, on whichever instance the "load balancer" picked.
    const callback = new URL(location.pathname + location.search, servers.finishOn);
    res = await this.request(callback.toString());
    if (res.status !== 302 || /error/.test(res.headers.get("location") ?? "")) {
      throw new Error(`the callback did not sign in: ${res.status} ${res.headers.get("location")}`);
    }
  }

  async signOut(server: string): Promise<void> {
    const res = await this.form(`${server}/api/auth/signout`, { csrfToken: await this.csrf(server), callbackUrl: "/", json: "true" });
    if (res.status !== 200) throw new Error(`sign-out failed: ${res.status}`);
  }
}
