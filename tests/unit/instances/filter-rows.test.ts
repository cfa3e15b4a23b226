import { describe, expect, it } from "vitest";
import { filterInstanceRows, listStatusChoices, listTagChoices, parseTagFilter } from "@/lib/instances/filter-rows";
import type { InstanceRow } from "@/lib/instances/listing-types";

// The instance page's filters and search narrow the permitted listing the way a person reading the table expects.

function row(instanceId: string, overrides: Partial<InstanceRow> = {}): InstanceRow {
  return {
    accountId: "444444444444",
    accountName: "API Dev",
    region: "us-east-1",
    instanceId,
    name: "Develop",
    pingStatus: "Online",
    platform: "Ubuntu 24.04",
    platformType: "Linux",
    agentVersion: "3.3.0.0",
    ipAddress: "10.40.1.21",
    computerName: "ip-10-40-1-21.ec2.internal",
    resourceType: "EC2Instance",
    lastPingAt: null,
    tags: { Name: "Develop", Team: "api" },
    requireReason: true,
    roleName: "Developer",
    ...overrides,
  };
}

const rows = [
  row("i-0b000000000000001"),
  row("i-0b000000000000002", { region: "eu-west-1", ipAddress: "10.41.1.22" }),
  row("i-0c000000000000003", {
    accountId: "555555555555",
    accountName: "Developer Sandbox",
    pingStatus: "ConnectionLost",
    tags: { Name: "Develop", Team: "platform" },
  }),
  row("mi-0c000000000000002", {
    accountId: "555555555555",
    accountName: "Developer Sandbox",
    name: null,
    tags: { Location: "office-lab" },
    ipAddress: "192.168.10.42",
  }),
];
const ids = (list: InstanceRow[]) => list.map((r) => r.instanceId);

describe("filterInstanceRows", () => {
  it("shows everything without filters", () => {
    expect(ids(filterInstanceRows(rows, {}))).toEqual(ids(rows));
  });

  it("narrows by account, region and ping status, combined", () => {
    expect(ids(filterInstanceRows(rows, { accountId: "555555555555" }))).toEqual(["i-0c000000000000003", "mi-0c000000000000002"]);
    expect(ids(filterInstanceRows(rows, { region: "eu-west-1" }))).toEqual(["i-0b000000000000002"]);
    expect(ids(filterInstanceRows(rows, { status: "ConnectionLost" }))).toEqual(["i-0c000000000000003"]);
    expect(ids(filterInstanceRows(rows, { accountId: "444444444444", region: "us-east-1" }))).toEqual(["i-0b000000000000001"]);
  });

  it("filters by tag key=value or by key alone", () => {
    expect(ids(filterInstanceRows(rows, { tag: "Team=platform" }))).toEqual(["i-0c000000000000003"]);
    expect(ids(filterInstanceRows(rows, { tag: "Location" }))).toEqual(["mi-0c000000000000002"]);
    expect(filterInstanceRows(rows, { tag: "Team=nobody" })).toEqual([]);
  });

  it("searches name, id, IP, account and tags case-insensitively, every word must match", () => {
    expect(ids(filterInstanceRows(rows, { search: "10.41.1" }))).toEqual(["i-0b000000000000002"]);
    expect(ids(filterInstanceRows(rows, { search: "SANDBOX lab" }))).toEqual(["mi-0c000000000000002"]);
    expect(ids(filterInstanceRows(rows, { search: "no name tag" }))).toEqual(["mi-0c000000000000002"]);
    expect(ids(filterInstanceRows(rows, { search: "i-0b000000000000001" }))).toEqual(["i-0b000000000000001"]);
    expect(filterInstanceRows(rows, { search: "production" })).toEqual([]);
  });

  it("offers the distinct tag pairs and statuses as choices", () => {
    expect(listTagChoices(rows)).toEqual(["Location=office-lab", "Name=Develop", "Team=api", "Team=platform"]);
    expect(listStatusChoices(rows)).toEqual(["ConnectionLost", "Online"]);
  });

  it("parses tag filter text", () => {
    expect(parseTagFilter(" Name = Develop ")).toEqual({ key: "Name", value: "Develop" });
    expect(parseTagFilter("Name")).toEqual({ key: "Name" });
    expect(parseTagFilter("Env=a=b")).toEqual({ key: "Env", value: "a=b" });
    expect(parseTagFilter("  ")).toBeNull();
  });
});
