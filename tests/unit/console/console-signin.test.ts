import { afterEach, describe, expect, it, vi } from "vitest";

// Federation endpoint, login and switch-role URLs per partition and configuration, and what a person is told when
// the sign-in endpoint fails. Each case loads the module with its own environment (configuration is read once).

const BASE_ENV = {
  NEXTAUTH_SECRET: "unit-secret-unit-secret-unit-secret-0000",
  NEXTAUTH_URL: "https://gatehouse.example.com",
  DATABASE_URL: "postgresql://unused@127.0.0.1:1/unused",
  ALLOWED_DOMAINS: "example.com",
  GOOGLE_CLIENT_ID: "id",
  GOOGLE_CLIENT_SECRET: "secret",
  GROUPS_FILE: "config/demo/groups.yaml",
};

async function load(env: Record<string, string> = {}) {
  vi.resetModules();
  for (const [key, value] of Object.entries({ ...BASE_ENV, ...env })) vi.stubEnv(key, value);
  return import("@/lib/aws/console-signin");
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("console sign-in URLs", () => {
  it("uses the partition's federation endpoint and switch-role host by default", async () => {
    expect((await load()).federationEndpoint()).toBe("https://signin.aws.amazon.com/federation");
    expect((await load({ AWS_PARTITION: "aws-us-gov" })).federationEndpoint()).toBe("https://signin.amazonaws-us-gov.com/federation");
    const china = await load({ AWS_PARTITION: "aws-cn" });
    expect(china.federationEndpoint()).toBe("https://signin.amazonaws.cn/federation");
    expect(china.buildSwitchRoleUrl("444444444444", "Developer", "Developer @ API Dev")).toBe(
      "https://signin.amazonaws.cn/switchrole?account=444444444444&roleName=Developer&displayName=Developer+%40+API+Dev",
    );
  });

  it("builds the login URL with Gatehouse as issuer and the encoded destination", async () => {
    const signin = await load({ AWS_FEDERATION_URL: "http://127.0.0.1:4566/federation" });
    const url = new URL(signin.buildLoginUrl("TOKEN/+=", "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:"));
    expect(`${url.origin}${url.pathname}`).toBe("http://127.0.0.1:4566/federation");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: "login",
      Issuer: "https://gatehouse.example.com",
      Destination: "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:",
      SigninToken: "TOKEN/+=",
    });
  });

  it("honours AWS_SIGNIN_URL for switch-role links and keeps the display name within 64 characters", async () => {
    const signin = await load({ AWS_SIGNIN_URL: "http://127.0.0.1:4566/" });
    const url = new URL(signin.buildSwitchRoleUrl("555555555555", "team/ReadOnly", "x".repeat(80)));
    expect(`${url.origin}${url.pathname}`).toBe("http://127.0.0.1:4566/switchrole");
    expect(url.searchParams.get("roleName")).toBe("team/ReadOnly");
    expect(url.searchParams.get("displayName")).toHaveLength(64);
  });
});

describe("describeFederationFault", () => {
  it("tells people whether to retry, naming the endpoint", async () => {
    const { describeFederationFault, FederationError } = await load();
    expect(describeFederationFault(new FederationError(429, "throttle", "Rate exceeded"))).toMatchObject({
      status: 503,
      retryable: true,
      message: expect.stringContaining("signin.aws.amazon.com"),
    });
    expect(describeFederationFault(new FederationError(0, "Unreachable", "the federation endpoint could not be reached"))).toMatchObject({
      kind: "unreachable",
      retryable: true,
    });
    expect(describeFederationFault(new FederationError(400, "ExpiredToken", "The security token included in the request is expired"))).toMatchObject({
      kind: "expired-credentials",
      retryable: true,
    });
    expect(describeFederationFault(new FederationError(400, "SessionDurationNotAllowed", "SessionDuration cannot be used"))).toMatchObject({
      retryable: false,
      message: expect.stringContaining("SessionDuration cannot be used"),
    });
  });
});
