import { describe, expect, it } from "vitest";
import { profileNameFor, profileSlug } from "@/lib/cli/profile-name";

describe("profileNameFor", () => {
  it("joins the account and role slugs after gh-", () => {
    expect(profileNameFor("API Dev", "Developer")).toBe("gh-api-dev-developer");
    expect(profileNameFor("Developer Sandbox", "ReadOnly")).toBe("gh-developer-sandbox-readonly");
  });

  it("turns every run of other characters into one dash and trims the ends", () => {
    expect(profileSlug("  Prod // EU (West)  ")).toBe("prod-eu-west");
    expect(profileSlug("--a__b--")).toBe("a-b");
    expect(profileNameFor("Ünïcode Äccount", "Role+Name=x")).toBe("gh-n-code-ccount-role-name-x");
  });

  it("never gives an empty slug", () => {
    expect(profileSlug("***")).toBe("unnamed");
    expect(profileNameFor("", "Admin")).toBe("gh-unnamed-admin");
  });

  it("only ever yields characters safe in ~/.aws/config and a shell", () => {
    for (const name of ["a b", "x'y\"z", "$(rm -rf)", "tab\there", "日本"])
      expect(profileNameFor(name, name)).toMatch(/^gh-[a-z0-9]+(?:-[a-z0-9]+)*-[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });
});
