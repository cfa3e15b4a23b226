import { describe, expect, it } from "vitest";
import { highlight } from "@/lib/search/highlight";
import { parseQuery } from "@/lib/search/match-items";

const marked = (text: string, query: string) =>
  highlight(text, text.toLowerCase(), parseQuery(query))
    .map((segment) => (segment.match ? `[${segment.text}]` : segment.text))
    .join("");

describe("highlighting the matched text", () => {
  it("marks the query where it starts a word, as the ranking placed it", () => {
    expect(marked("Developer Sandbox", "sand")).toBe("Developer [Sand]box");
    expect(marked("abdev dev", "dev")).toBe("abdev [dev]");
    expect(marked("API Dev", "api dev")).toBe("[API Dev]");
  });

  it("marks each word of a multi-word query, merging overlaps", () => {
    expect(marked("API Dev · 444444444444", "dev 4444")).toBe("API [Dev] · [4444]44444444");
    expect(marked("Developer", "dev develop")).toBe("[Develop]er");
  });

  it("marks nothing for no match, no query, or text whose lowercase changes length", () => {
    expect(marked("Audit", "zzz")).toBe("Audit");
    expect(marked("Audit", "")).toBe("Audit");
    expect(highlight("İstanbul", "İstanbul".toLowerCase(), parseQuery("stan"))).toEqual([{ text: "İstanbul", match: false }]);
  });
});
