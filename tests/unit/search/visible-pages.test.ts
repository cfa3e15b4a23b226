import { describe, expect, it } from "vitest";
import { listVisiblePages } from "@/lib/search/visible-pages";
import { ADA, DANA, loadDemoPolicy, NORA } from "../access/seed";

const policy = loadDemoPolicy();
const labels = (subject: typeof ADA) => listVisiblePages(subject, policy).map((page) => page.label);

describe("the pages search offers", () => {
  it("offers an administrator every page, People included", () => {
    expect(labels(ADA)).toEqual(["Overview", "Organization", "Instances", "Sessions", "Audit log", "Command line", "People"]);
  });

  it("offers a developer the Organization page but not People", () => {
    expect(labels(DANA)).toEqual(["Overview", "Organization", "Instances", "Sessions", "Audit log", "Command line"]);
  });

  it("offers a person with no profile neither the Organization page nor People", () => {
    expect(labels(NORA)).toEqual(["Overview", "Instances", "Sessions", "Audit log", "Command line"]);
  });
});
