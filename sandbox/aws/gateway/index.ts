// The sandbox's Session Manager message gateway and session registry.
export { attachGateway, type Gateway, type GatewayOptions } from "./gateway";
export { type FaultStats, type GatewayFaults } from "./faults";
export {
  SessionDoesNotExistError,
  SessionRegistry,
  type DescribeSessionsParams,
  type SessionCredentials,
  type SessionDescription,
  type SessionFilter,
  type SessionRecord,
  type SessionRegistryOptions,
  type SessionStatus,
  type StartSessionParams,
  type TerminateListener,
} from "./session-registry";
