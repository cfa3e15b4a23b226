import { describe, expect, it } from "vitest";
import { buildDirectoryItems, buildInstanceItems } from "@/lib/search/build-items";
import { groupHits } from "@/lib/search/group-hits";
import { parseQuery, placeIn, rankItem, searchItems } from "@/lib/search/match-items";
import type { SearchItem } from "@/lib/search/search-types";

// The ranking a person sees: an id typed in full first, then the label's start, a word's start, anywhere, then the
// detail line, then every word somewhere; equal ranks keep the index's order (pages, accounts, roles, instances).

const directory = buildDirectoryItems({
  pages: [
    { label: "Overview", href: "/" },
    { label: "Instances", href: "/instances" },
    { label: "Audit log", href: "/audit" },
  ],
  accounts: [
    ["444444444444", "API Dev", ["Developer", "ReadOnly"]],
    ["555555555555", "Developer Sandbox", ["Developer"]],
    ["333333333333", "API Prod", ["ReadOnly"]],
    ["222222222222", "Audit", ["ReadOnly"]],
  ],
});
const instances = buildInstanceItems({
  instances: [
    ["i-0b000000000000001", "Develop", "444444444444", "API Dev", "us-east-1"],
    ["mi-0c000000000000002", "", "555555555555", "Developer Sandbox", "us-east-1"],
    ["i-0444444444444aaaa", "web-dev-4", "444444444444", "API Dev", "eu-west-1"],
  ],
  problems: [],
});
const items = [...directory, ...instances];
const labels = (text: string, limit = 50) => searchItems(items, parseQuery(text), limit).hits.map((hit) => `${hit.kind}:${hit.label}`);

describe("where a query sits in a key", () => {
  it("tells the whole text, its start, a word's start and elsewhere apart", () => {
    expect(placeIn("api dev", "api dev")).toBe(0);
    expect(placeIn("api dev", "api")).toBe(1);
    expect(placeIn("api dev", "dev")).toBe(2);
    expect(placeIn("web-dev-4", "dev")).toBe(2);
    expect(placeIn("sandbox", "box")).toBe(3);
    expect(placeIn("sandbox", "xyz")).toBe(-1);
  });

  it("finds a later word start after an earlier mid-word occurrence", () => {
    expect(placeIn("abdev dev", "dev")).toBe(2);
  });
});

describe("ranking", () => {
  it("puts an account id typed in full first, above everything that merely contains it", () => {
    const hits = labels("444444444444");
    expect(hits[0]).toBe("account:API Dev");
    // The roles and instances in that account follow (their detail line holds the id).
    expect(hits.slice(1)).toEqual(expect.arrayContaining(["role:Developer", "role:ReadOnly", "instance:Develop", "instance:web-dev-4"]));
  });

  it("puts an instance id typed in full first, in any case", () => {
    expect(labels("I-0B000000000000001")[0]).toBe("instance:Develop");
    expect(labels("mi-0c000000000000002")[0]).toBe("instance:mi-0c000000000000002");
  });

  it("ranks an exact label, then label prefixes, then word starts, then substrings", () => {
    // "Develop" (exact instance), "Developer" roles and "Developer Sandbox" (prefix), "API Dev" (word start),
    // then the detail lines that hold "develop" (roles and the instance in Developer Sandbox).
    expect(labels("develop").slice(0, 4)).toEqual(["instance:Develop", "account:Developer Sandbox", "role:Developer", "role:Developer"]);
    const dev = labels("dev");
    expect(dev.indexOf("account:Developer Sandbox")).toBeLessThan(dev.indexOf("account:API Dev"));
    expect(dev.indexOf("account:API Dev")).toBeLessThan(dev.indexOf("role:ReadOnly"));
    expect(dev.indexOf("instance:web-dev-4")).toBeLessThan(dev.indexOf("role:ReadOnly"));
  });

  it("ranks a label match above a detail match, and a word start above a substring", () => {
    const audit = labels("audit");
    expect(audit.slice(0, 2)).toEqual(["account:Audit", "page:Audit log"]);
    expect(labels("box")).toEqual(["account:Developer Sandbox", "role:Developer", "instance:mi-0c000000000000002"]);
  });

  it("needs every word of a multi-word query, in any order, ranked after whole-phrase matches", () => {
    expect(labels("dev api")).toEqual(expect.arrayContaining(["account:API Dev", "role:Developer", "role:ReadOnly", "instance:Develop"]));
    expect(labels("dev api")).not.toContain("account:Developer Sandbox");
    expect(labels("api dev")[0]).toBe("account:API Dev");
  });

  it("matches nothing for an empty or unmatched query", () => {
    expect(labels("   ")).toEqual([]);
    expect(labels("zzz")).toEqual([]);
  });

  it("gives each item the same rank however the query is spaced or cased", () => {
    const account = directory.find((item) => item.label === "API Dev")!;
    expect(rankItem(account, parseQuery("  API   dev "))).toBe(rankItem(account, parseQuery("api dev")));
  });
});

describe("limits", () => {
  const many: SearchItem[] = buildInstanceItems({
    instances: Array.from(
      { length: 500 },
      (_, i) => [`i-${String(i).padStart(17, "0")}`, `node-${i}`, "444444444444", "API Dev", "us-east-1"] as [string, string, string, string, string],
    ),
    problems: [],
  });

  it("returns at most the limit, best first, and counts every match", () => {
    const result = searchItems([...many, ...items], parseQuery("node-1"), 10);
    expect(result.hits).toHaveLength(10);
    expect(result.total).toBe(111); // node-1, node-10..19, node-100..199
    expect(result.hits[0]!.label).toBe("node-1");
  });

  it("keeps the best even when the best come last in the index", () => {
    const result = searchItems([...many, ...items], parseQuery("develop"), 1);
    expect(result.hits.map((hit) => hit.label)).toEqual(["Develop"]);
  });
});

describe("groups", () => {
  it("shows one group per kind, ordered by each group's best hit, options in screen order", () => {
    const { hits } = searchItems(items, parseQuery("develop"), 50);
    const { groups, ordered } = groupHits(hits);
    expect(groups.map((group) => group.kind)).toEqual(["instance", "account", "role"]);
    expect(ordered.map((item) => item.kind)).toEqual(groups.flatMap((group) => group.hits.map((hit) => hit.item.kind)));
    expect(groups.flatMap((group) => group.hits.map((hit) => hit.index))).toEqual(ordered.map((_, index) => index));
  });
});

describe("the items built from the served index", () => {
  it("link to the addresses of accounts, roles and instances", () => {
    expect(directory.find((item) => item.kind === "account" && item.label === "API Dev")!.href).toBe("/accounts/444444444444");
    expect(directory.find((item) => item.kind === "role" && item.detail.startsWith("Developer Sandbox"))!.href).toBe("/accounts/555555555555/roles/Developer");
    expect(instances.find((item) => item.label === "Develop")!.href).toBe("/instances/i-0b000000000000001?account=444444444444&region=us-east-1");
  });

  it("show an instance without a Name tag by its id", () => {
    const untagged = instances.find((item) => item.id === "mi-0c000000000000002")!;
    expect(untagged.label).toBe("mi-0c000000000000002");
    expect(untagged.detail).toBe("Developer Sandbox · 555555555555 · us-east-1");
  });
});
