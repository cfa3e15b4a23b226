// The sandbox AWS: one local HTTP server that the real @aws-sdk clients (Organizations, STS, EC2, SSM) talk to
// with only `endpoint` and test credentials changed. Development, tests and demo only; Gatehouse never imports it.
export { startAwsSandbox, type AwsSandbox, type AwsSandboxOptions, type SandboxState } from "./server";
export { FaultRegistry, type Fault, type FaultSpec, type FaultService } from "./admin/faults";
export { RequestStats, type StatsSnapshot } from "./admin/stats";
export type { Caller, RoleSessionCaller, UserCaller } from "./state/credentials";
export type { World } from "./state/world";
export { loadSeed, DEFAULT_SEED_FILE, SeedError } from "../seed/load-seed";
export type { Seed, SeedInput } from "../seed/schema";

/** Fixed identifiers of the default seed (sandbox/seed/default.yaml; see the README), for tests and demo configuration. */
export const SANDBOX_BROKER = {
  userArn: "arn:aws:iam::111111111111:user/gatehouse-broker",
  accessKeyId: "AKIAGATEHOUSEBROKER1",
  secretAccessKey: "sandbox/broker/secret/key/0000000000000000",
} as const;
