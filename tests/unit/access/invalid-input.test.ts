import { describe, expect, it } from "vitest";
import { decide, type AccessRequest, type Subject } from "@/lib/access";
import { ACCOUNTS, ADA, loadDemoPolicy } from "./seed";

const policy = loadDemoPolicy();
const context = { policy, account: ACCOUNTS.apiDev };

// Routes pass values from the browser; these arrive cast to the request type, as a careless route would.
const ask = (request: unknown, subject: unknown = ADA) => decide(subject as Subject, request as AccessRequest, context);

describe("malformed input is refused as invalid-input with a sentence", () => {
  it.each([
    [{ action: "console:open", accountId: "44444444444", roleName: "Admin" }, 'Invalid accountId: expected a 12-digit AWS account id, got "44444444444".'],
    [{ action: "console:open", accountId: 444444444444, roleName: "Admin" }, "Invalid accountId: expected a 12-digit AWS account id, got 444444444444."],
    [
      { action: "console:open", accountId: "444444444444", roleName: "Admin*" },
      expect.stringMatching(/^Invalid roleName: expected an IAM role name .*, got "Admin\*"\.$/),
    ],
    [{ action: "console:open", accountId: "444444444444", roleName: "x".repeat(65) }, expect.stringMatching(/^Invalid roleName: /)],
    [{ action: "console:open", accountId: "444444444444" }, expect.stringMatching(/^Invalid roleName: expected an IAM role name .*, got nothing\.$/)],
    [
      { action: "shell:open", accountId: "444444444444", region: "us-east-1", instanceId: "i-0B000000000000001", tags: {} },
      'Invalid instanceId: expected an instance id like i-0123456789abcdef0 or mi-0123456789abcdef0, got "i-0B000000000000001".',
    ],
    [{ action: "shell:open", accountId: "444444444444", region: "us-east-1", instanceId: "i-0b00", tags: {} }, expect.stringMatching(/^Invalid instanceId: /)],
    [
      { action: "shell:open", accountId: "444444444444", region: "us-east-1", instanceId: "sg-0b000000000000001", tags: {} },
      expect.stringMatching(/^Invalid instanceId: /),
    ],
    [{ action: "shell:open", accountId: "444444444444", region: "us-east-1", instanceId: "i-0b000000000000001" }, expect.stringMatching(/^Invalid tags: /)],
    [
      { action: "shell:open", accountId: "444444444444", region: "us-east-1", instanceId: "i-0b000000000000001", tags: { Name: 1 } },
      "Invalid tags.Name: expected tag values as strings.",
    ],
    [{ action: "instances:list", accountId: "444444444444", region: "../etc" }, 'Invalid region: expected an AWS region like us-east-1, got "../etc".'],
    [{ action: "console:open", accountId: "444444444444", roleName: "Admin", reason: "x".repeat(1001) }, "Invalid reason: expected at most 1000 characters."],
    [{ action: "shell:delete" }, expect.stringMatching(/^Invalid action: expected one of console:open, shell:open, /)],
    [null, expect.stringMatching(/^Invalid request: /)],
  ])("%j", (request, reason) => {
    expect(ask(request)).toEqual({ allowed: false, code: "invalid-input", reason });
  });

  it("accepts the well-formed variants: a hybrid node id and a role with a path", () => {
    expect(ask({ action: "shell:open", accountId: "444444444444", region: "us-east-1", instanceId: "mi-0c000000000000002", tags: {} }).allowed).toBe(true);
    const pathed = ask({ action: "console:open", accountId: "444444444444", roleName: "team/Admin" });
    expect(pathed).toMatchObject({ allowed: false, code: "not-granted" });
  });

  it("refuses a malformed subject before looking at profiles", () => {
    expect(ask({ action: "org:view" }, { sub: "1", email: "ada", groups: ["admins@example.com"] })).toEqual({
      allowed: false,
      code: "invalid-input",
      reason: 'Invalid subject email: expected an email address, got "ada".',
    });
    expect(ask({ action: "org:view" }, { sub: "1", email: "ada@example.com", groups: "admins@example.com" })).toMatchObject({ code: "invalid-input" });
    expect(ask({ action: "org:view" }, null)).toMatchObject({ code: "invalid-input" });
  });
});
