import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every route handler under app/api takes the one path (lib/http/route.ts): each exported method is built with
// route() or publicRoute(). next-auth's own route is the one exception (it is next-auth's handler).

const API = path.resolve(import.meta.dirname, "../../../app/api");

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

describe("route handlers", () => {
  const files = routeFiles(API).filter((file) => !file.includes(`${path.sep}auth${path.sep}[...nextauth]`));

  it("are found", () => expect(files.length).toBeGreaterThan(10));

  it.each(files.map((file) => [path.relative(API, file), file]))("%s builds every method with route() or publicRoute()", (_name, file) => {
    const source = readFileSync(file, "utf8");
    const methods = [...source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b(.*)/g)];
    expect(methods.length).toBeGreaterThan(0);
    for (const [, method, rest] of methods) expect(rest, `${method} in ${file}`).toMatch(/^\s*=\s*(route|publicRoute)\(/);
    expect(source).not.toMatch(/export \{[^}]*as (GET|POST|PUT|PATCH|DELETE)\b/);
  });
});
