import { describe, expect, it } from "vitest";
import { credentialProcessLine, quoteArgument } from "@/cli/process-command";

describe("the credential_process command line", () => {
  it("writes absolute paths bare, or quoted when they hold a space", () => {
    expect(credentialProcessLine({ node: "/usr/bin/node", script: "/srv/gatehouse.mjs" }, ["credentials", "--role", "Developer"])).toBe(
      "/usr/bin/node /srv/gatehouse.mjs credentials --role Developer",
    );
    expect(credentialProcessLine({ node: "/opt/node 22/bin/node", script: "/srv/my-tools/gatehouse.mjs" }, ["--account", "API Dev"])).toBe(
      '"/opt/node 22/bin/node" /srv/my-tools/gatehouse.mjs --account "API Dev"',
    );
  });

  it("refuses ~, $VARIABLES and relative paths: credential_process expands none of them", () => {
    expect(() => credentialProcessLine({ node: "~/bin/node", script: "/x.mjs" }, [])).toThrow(/not absolute/);
    expect(() => credentialProcessLine({ node: "/usr/bin/node", script: "$HOME/x.mjs" }, [])).toThrow(/not absolute/);
    expect(() => credentialProcessLine({ node: "/usr/bin/node", script: "/home/$USER/x.mjs" }, [])).toThrow(/may not have/);
  });

  it("quotes an argument with a space and refuses characters a shell would read", () => {
    expect(quoteArgument("Developer")).toBe("Developer");
    expect(quoteArgument("role+name=x,y@z")).toBe("role+name=x,y@z");
    expect(quoteArgument("API Dev")).toBe('"API Dev"');
    for (const bad of ['a"b', "a$b", "a`b", "a\\b c", "a!b"]) expect(() => quoteArgument(bad)).toThrow();
  });
});
