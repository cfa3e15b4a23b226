import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "@/lib/config";

const valid = {
  NEXTAUTH_SECRET: "x".repeat(32),
  DATABASE_URL: "postgresql://gatehouse@db.internal:5432/gatehouse",
  ALLOWED_DOMAINS: "example.com, Example.org",
  GOOGLE_CLIENT_ID: "client",
  GOOGLE_CLIENT_SECRET: "secret",
  GROUPS_FILE: "config/groups.yaml",
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error("expected the configuration to be refused");
}

describe("parseConfig", () => {
  it("applies the documented defaults", () => {
    const config = parseConfig(valid);
    expect(config.ALLOWED_DOMAINS).toEqual(["example.com", "Example.org"]);
    expect(config.SESSION_MAX_AGE_SECONDS).toBe(28_800);
    expect(config.GOOGLE_ISSUER).toBe("https://accounts.google.com");
    expect(config.GROUPS_SOURCE).toBe("static");
    expect(config.BROKER_MODE).toBe("keys");
    expect(config.AWS_REGIONS).toEqual(["us-east-1"]);
    expect(config.ORG_SYNC_INTERVAL_SECONDS).toBe(900);
  });

  it("names every missing required setting at once", () => {
    const problems = problemsOf({});
    for (const name of ["NEXTAUTH_SECRET", "DATABASE_URL", "ALLOWED_DOMAINS", "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"]) {
      expect(problems.some((p) => p.startsWith(`${name} (not set)`))).toBe(true);
    }
  });

  it("refuses malformed values, naming the variable and the rule", () => {
    const problems = problemsOf({
      ...valid,
      NEXTAUTH_SECRET: "short",
      DATABASE_URL: "mysql://x",
      SESSION_MAX_AGE_SECONDS: "ten",
      AWS_REGIONS: "us-east-1,mars",
    });
    expect(problems.find((p) => p.startsWith("NEXTAUTH_SECRET"))).toMatch(/at least 32 characters/);
    expect(problems.find((p) => p.startsWith("DATABASE_URL"))).toMatch(/postgresql:\/\//);
    expect(problems.some((p) => p.startsWith("SESSION_MAX_AGE_SECONDS"))).toBe(true);
    expect(problems.some((p) => p.startsWith("AWS_REGIONS"))).toBe(true);
  });

  it("requires the settings each mode needs", () => {
    expect(problemsOf({ ...valid, GROUPS_FILE: undefined }).join()).toMatch(/GROUPS_FILE.*GROUPS_SOURCE=static/);
    expect(problemsOf({ ...valid, GROUPS_SOURCE: "directory" }).join()).toMatch(/GOOGLE_DIRECTORY_CREDENTIALS_FILE/);
    expect(problemsOf({ ...valid, BROKER_MODE: "role" }).join()).toMatch(/BROKER_ROLE_ARN.*BROKER_MODE=role/);
    expect(problemsOf({ ...valid, BROKER_MODE: "sideways" }).join()).toMatch(/BROKER_MODE/);
  });

  it("treats empty strings as unset", () => {
    expect(parseConfig({ ...valid, GOOGLE_ISSUER: "" }).GOOGLE_ISSUER).toBe("https://accounts.google.com");
  });
});
