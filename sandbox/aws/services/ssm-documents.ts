// The Session Manager documents the sandbox knows, with their parameters and the properties the agent receives once
// StartSession's Parameters are substituted (docs/session-manager-protocol.md#session-documents). The AWS-owned
// documents' bodies are not published as files; names, parameters and the LocalPortForwarding type come from the
// Session Manager user guide and the agent's code, and the defaults marked below are the guide's.
import { AwsError } from "../protocol/errors";

export type SessionType = "Standard_Stream" | "Port" | "InteractiveCommands" | "NonInteractiveCommands";

interface ParameterSpec {
  required?: boolean;
  default?: string;
  /** What a value must look like; the message names it. */
  check?: (value: string) => boolean;
  describe?: string;
}

export interface SessionDocument {
  name: string;
  sessionType: SessionType;
  parameters: Record<string, ParameterSpec>;
  /** The document's `properties` with the parameters substituted: what the handshake hands the agent. */
  properties: (values: Record<string, string>) => Record<string, string>;
}

const PORT: ParameterSpec = {
  check: (value) => /^\d{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 65535,
  describe: "a port number between 1 and 65535",
};
const LOCAL_PORT: ParameterSpec = {
  check: (value) => /^\d{1,5}$/.test(value) && Number(value) <= 65535,
  describe: "a port number between 0 and 65535",
};
const HOST: ParameterSpec = {
  required: true,
  check: (value) => value.length >= 1 && value.length <= 255 && !/[\s"'`<>&?;|]/.test(value),
  describe: "a host name or IP address",
};
const optional = (values: Record<string, string>, key: string) => (values[key] !== undefined ? { [key]: values[key]! } : {});

const DOCUMENTS: SessionDocument[] = [
  { name: "SSM-SessionManagerRunShell", sessionType: "Standard_Stream", parameters: {}, properties: () => ({}) },
  {
    name: "AWS-StartInteractiveCommand",
    sessionType: "InteractiveCommands",
    parameters: { command: { required: true } },
    properties: (v) => ({ commands: v.command! }),
  },
  {
    name: "AWS-StartNonInteractiveCommand",
    sessionType: "NonInteractiveCommands",
    parameters: { command: { required: true } },
    properties: (v) => ({ commands: v.command! }),
  },
  {
    name: "AWS-StartPortForwardingSession",
    sessionType: "Port",
    // The guide's default port is 80.
    parameters: { portNumber: { ...PORT, default: "80" }, localPortNumber: LOCAL_PORT },
    properties: (v) => ({ portNumber: v.portNumber!, type: "LocalPortForwarding", ...optional(v, "localPortNumber") }),
  },
  {
    name: "AWS-StartPortForwardingSessionToRemoteHost",
    sessionType: "Port",
    parameters: { host: HOST, portNumber: { ...PORT, default: "80" }, localPortNumber: LOCAL_PORT },
    properties: (v) => ({ host: v.host!, portNumber: v.portNumber!, type: "LocalPortForwarding", ...optional(v, "localPortNumber") }),
  },
  {
    name: "AWS-StartSSHSession",
    sessionType: "Port",
    // No type: the plugin forwards standard input and output. The default of 22 is an assumption (not verified).
    parameters: { portNumber: { ...PORT, default: "22" } },
    properties: (v) => ({ portNumber: v.portNumber! }),
  },
];

const BY_NAME = new Map(DOCUMENTS.map((document) => [document.name, document]));

export const findSessionDocument = (name: string) => BY_NAME.get(name);

/**
 * StartSession's Parameters (a map of names to lists of strings) checked against the document, defaults filled in.
 * A parameter the document does not have, a missing required one or a value of the wrong form is refused with
 * InvalidParameters (SSM's error for document parameters; its wording here is the sandbox's).
 */
export function resolveParameters(document: SessionDocument, given: unknown): Record<string, string> {
  const invalid = (message: string) => new AwsError("InvalidParameters", message, 400);
  if (given !== undefined && given !== null && (typeof given !== "object" || Array.isArray(given)))
    throw new AwsError("SerializationException", "Expected a map for Parameters", 400);
  const values: Record<string, string> = {};
  for (const [name, list] of Object.entries((given ?? {}) as Record<string, unknown>)) {
    const spec = document.parameters[name];
    if (!spec) throw invalid(`Parameter "${name}" is not a parameter of document ${document.name}.`);
    if (!Array.isArray(list) || list.some((item) => typeof item !== "string"))
      throw new AwsError("SerializationException", `Expected a list of strings for Parameters.${name}`, 400);
    if (list.length !== 1) throw invalid(`Parameter "${name}" takes exactly one value.`);
    const value = list[0] as string;
    if (spec.check && !spec.check(value)) throw invalid(`Parameter "${name}" must be ${spec.describe}; got ${JSON.stringify(value.slice(0, 100))}.`);
    values[name] = value;
  }
  for (const [name, spec] of Object.entries(document.parameters)) {
    if (values[name] !== undefined) continue;
    if (spec.default !== undefined) values[name] = spec.default;
    else if (spec.required) throw invalid(`Parameter "${name}" of document ${document.name} is required.`);
  }
  return values;
}
