import { describe, expect, it } from "vitest";
import {
  buildConsoleUrl,
  CONSOLE_SERVICES,
  describeDestination,
  destinationSchema,
  formatDestinationText,
  parseDestinationText,
  sessionManagerUrl,
} from "@/lib/console/destinations";
import { openConsoleInputSchema } from "@/lib/console/open-console-input";
import { describeIssue } from "@/lib/http/read-input";

describe("console destinations", () => {
  it("lands on the partition's console home by default", () => {
    expect(buildConsoleUrl("aws")).toBe("https://console.aws.amazon.com/");
    expect(buildConsoleUrl("aws-us-gov")).toBe("https://console.amazonaws-us-gov.com/");
    expect(buildConsoleUrl("aws-cn")).toBe("https://console.amazonaws.cn/");
  });

  it("prefixes the host with the chosen region and builds service pages from the allow-list", () => {
    expect(buildConsoleUrl("aws", { service: "home", region: "eu-west-1" })).toBe("https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1");
    expect(buildConsoleUrl("aws", { service: "ec2", region: "us-east-1" })).toBe(
      "https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:",
    );
    expect(buildConsoleUrl("aws", { service: "cloudwatch" })).toBe("https://console.aws.amazon.com/cloudwatch/home");
    expect(buildConsoleUrl("aws", { service: "iam", region: "eu-west-1" })).toBe("https://console.aws.amazon.com/iam/home");
    expect(buildConsoleUrl("aws-cn", { service: "s3", region: "cn-north-1" })).toBe("https://cn-north-1.console.amazonaws.cn/s3/home?region=cn-north-1");
  });

  it("builds the Session Manager deep link for one instance", () => {
    expect(sessionManagerUrl("aws", "us-east-1", "i-0b000000000000001")).toBe(
      "https://us-east-1.console.aws.amazon.com/systems-manager/session-manager/i-0b000000000000001?region=us-east-1",
    );
    expect(buildConsoleUrl("aws-us-gov", { instanceId: "mi-0c000000000000002", region: "us-gov-west-1" })).toBe(
      "https://us-gov-west-1.console.amazonaws-us-gov.com/systems-manager/session-manager/mi-0c000000000000002?region=us-gov-west-1",
    );
    expect(() => sessionManagerUrl("aws", "us-east-1", "i-0b/../../evil")).toThrow();
  });

  it("reads and writes the short text form used in links", () => {
    expect(parseDestinationText("ec2")).toEqual({ service: "ec2" });
    expect(parseDestinationText("ec2:eu-west-1")).toEqual({ service: "ec2", region: "eu-west-1" });
    expect(parseDestinationText("instance:us-east-1:i-0b000000000000001")).toEqual({ instanceId: "i-0b000000000000001", region: "us-east-1" });
    for (const destination of [
      { service: "s3" as const },
      { service: "ec2" as const, region: "eu-west-1" },
      { instanceId: "i-0b000000000000001", region: "us-east-1" },
    ]) {
      expect(destinationSchema.parse(parseDestinationText(formatDestinationText(destination)))).toEqual(destination);
    }
  });

  it("refuses anything that is not an allow-listed service, including URLs", () => {
    for (const text of ["https://evil.example/", "//evil.example", "javascript:alert(1)", "ec2:us-east-1:extra", "billing", "ec2:EU-WEST-1"]) {
      expect(destinationSchema.safeParse(parseDestinationText(text)).success, text).toBe(false);
    }
    expect(destinationSchema.safeParse({ service: "ec2", url: "https://evil.example" }).success).toBe(false);
  });

  it("has words for every destination", () => {
    for (const service of CONSOLE_SERVICES) expect(describeDestination({ service: service.id })).toBe(service.label);
    expect(describeDestination()).toBe("Console home");
    expect(describeDestination({ instanceId: "i-0b000000000000001", region: "us-east-1" })).toContain("i-0b000000000000001");
  });
});

describe("openConsoleInputSchema", () => {
  const parse = (input: unknown) => openConsoleInputSchema.safeParse(input);
  // What the route answers for a refused input: lib/http/read-input.ts names the first issue's field.
  const refusal = (input: unknown) => {
    const result = parse(input);
    expect(result.success, JSON.stringify(input)).toBe(false);
    return result.success ? "" : describeIssue(result.error.issues[0]);
  };

  it("accepts an account role with an optional destination in either form", () => {
    expect(parse({ accountId: "444444444444", roleName: "Developer" })).toEqual({ success: true, data: { accountId: "444444444444", roleName: "Developer" } });
    expect(parse({ accountId: "444444444444", roleName: "Developer", destination: "ec2:eu-west-1", reason: "  debugging  " })).toEqual({
      success: true,
      data: { accountId: "444444444444", roleName: "Developer", destination: { service: "ec2", region: "eu-west-1" }, reason: "debugging" },
    });
    expect(parse({ accountId: "444444444444", roleName: "team/ops/Developer", destination: { service: "s3" } })).toMatchObject({ success: true });
    expect(parse({ accountId: "444444444444", roleName: "Developer", destination: "home", reason: "   " })).toEqual({
      success: true,
      data: { accountId: "444444444444", roleName: "Developer" },
    });
  });

  it("names the malformed field", () => {
    expect(refusal({ accountId: "4444", roleName: "Developer" })).toBe('Invalid accountId: expected a 12-digit AWS account id, got "4444".');
    expect(refusal({ accountId: "444444444444", roleName: "Dev eloper" })).toMatch(/^Invalid roleName: expected an IAM role name/);
    expect(refusal({ accountId: "444444444444", roleName: "Developer", destination: "https://evil.example/" })).toMatch(/^Invalid destination/);
    expect(refusal({ accountId: "444444444444", roleName: "Developer", destination: { service: "ec2", url: "https://evil.example/" } })).toMatch(
      /^Invalid destination/,
    );
    expect(refusal({ accountId: "444444444444", roleName: "Developer", reason: 42 })).toMatch(/^Invalid reason: expected text/);
    expect(refusal(null)).toMatch(/^Invalid request/);
    expect(refusal("accountId=1")).toMatch(/^Invalid request/);
  });

  it("leaves the region allow-list to openConsole: any well-formed region parses", () => {
    // openConsole refuses regions Gatehouse does not offer (tests/integration/console-open.test.ts).
    expect(parse({ accountId: "444444444444", roleName: "Developer", destination: "ec2:ap-south-1" })).toEqual({
      success: true,
      data: { accountId: "444444444444", roleName: "Developer", destination: { service: "ec2", region: "ap-south-1" } },
    });
  });
});
