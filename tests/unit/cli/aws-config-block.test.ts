import { describe, expect, it } from "vitest";
import { BLOCK_END, BLOCK_START, locateBlock, profilesOutsideBlock, renderBlock, withBlock } from "@/cli/aws-config-block";

const profile = (name: string, command = `/usr/bin/node /opt/gh.mjs credentials --account 444444444444 --role ${name}`) => ({
  name: `gh-api-dev-${name.toLowerCase()}`,
  settings: [["credential_process", command]] as Array<[string, string]>,
});
const block = (eol = "\n", names = ["Developer"]) =>
  renderBlock(
    "(test)",
    names.map((n) => profile(n)),
    eol,
  );

const USER_CONFIG = "[default]\nregion = eu-west-1\noutput = json\n\n[profile work]   \n# my notes, with odd spacing\t\nrole_arn = arn:aws:iam::1:role/x\n";

describe("the ~/.aws/config block writer", () => {
  it("writes the block alone when there is no file, or an empty one", () => {
    expect(withBlock(null, block())).toBe(block());
    expect(withBlock("", block())).toBe(block());
    expect(block()).toMatch(
      new RegExp(`^${BLOCK_START} \\(test\\)\\n\\n\\[profile gh-api-dev-developer\\]\\ncredential_process = /usr/bin/node .*\\n${BLOCK_END}\\n$`),
    );
  });

  it("appends after a blank line and keeps everything before it byte for byte", () => {
    const next = withBlock(USER_CONFIG, block());
    expect(next.startsWith(USER_CONFIG)).toBe(true);
    expect(next.slice(USER_CONFIG.length)).toBe(`\n${block()}`);
  });

  it("adds the missing final newline of a file without one, and nothing else", () => {
    const text = "[default]\nregion = eu-west-1";
    expect(withBlock(text, block())).toBe(`${text}\n\n${block()}`);
  });

  it("is idempotent: the same block again gives the same bytes", () => {
    const once = withBlock(USER_CONFIG, block());
    expect(withBlock(once, block())).toBe(once);
    expect(withBlock(withBlock(once, block()), block())).toBe(once);
  });

  it("replaces its block where it stands, with the user's sections before and after untouched", () => {
    const before = "[default]\nregion = us-east-1\n\n";
    const after = "\n[profile mine]\nregion = eu-west-1\n# trailing comment without newline";
    const old = `${before}${block("\n", ["Developer", "ReadOnly"])}${after}`;
    const next = withBlock(old, block("\n", ["Admin"]));
    expect(next).toBe(`${before}${block("\n", ["Admin"])}${after}`);
    expect(next).not.toContain("gh-api-dev-developer");
    expect(next).not.toContain("gh-api-dev-readonly");
  });

  it("keeps a CRLF file CRLF: the block uses the file's line ending and the rest is unchanged", () => {
    const crlf = "[default]\r\nregion = eu-west-1\r\n";
    const next = withBlock(crlf, block("\r\n"));
    expect(next.startsWith(crlf)).toBe(true);
    expect(next.slice(crlf.length).replace(/\r\n/g, "")).not.toContain("\n");
    expect(withBlock(next, block("\r\n"))).toBe(next);
    const replaced = withBlock(next, block("\r\n", ["Admin"]));
    expect(replaced.startsWith(crlf)).toBe(true);
    expect(replaced).toContain("[profile gh-api-dev-admin]\r\n");
  });

  it("finds the block by its markers only, with CR before the newline or a trailing space on the end marker", () => {
    const text = `x = 1\r\n${BLOCK_START} old header\r\n[profile a]\r\n${BLOCK_END} \r\ny = 2\r\n`;
    const found = locateBlock(text)!;
    expect(text.slice(0, found.start)).toBe("x = 1\r\n");
    expect(text.slice(found.end)).toBe("y = 2\r\n");
  });

  it("refuses a file with a start marker and no end, or with two blocks, rather than guess", () => {
    expect(() => withBlock(`[default]\n${BLOCK_START}\n[profile a]\n`, block())).toThrow(/no "# <<< gatehouse"/);
    expect(() => withBlock(`${block()}\n${block()}`, block())).toThrow(/two Gatehouse blocks/);
    expect(() => withBlock(`${BLOCK_START}\n${BLOCK_START}\n${BLOCK_END}\n`, block())).toThrow(/twice/);
  });

  it("does not take a line that merely mentions gatehouse for a marker", () => {
    const text = "# >>> gatehousekeeping notes\n[profile x]\n";
    expect(locateBlock(text)).toBeNull();
    expect(withBlock(text, block()).startsWith(text)).toBe(true);
  });

  it("lists the profiles defined outside its block, so it never defines one twice", () => {
    const text = `[default]\n[profile gh-api-dev-developer]\n[ profile  spaced ]\n${block("\n", ["ReadOnly"])}[sso-session corp]\n`;
    const names = profilesOutsideBlock(text);
    expect(names.has("gh-api-dev-developer")).toBe(true);
    expect(names.has("spaced")).toBe(true);
    expect(names.has("default")).toBe(true);
    expect(names.has("gh-api-dev-readonly")).toBe(false);
  });
});
