import type { ServerResponse } from "node:http";
import type { AwsError } from "./errors";

// AWS Query (STS) and EC2 Query: form-encoded requests, XML answers. STS wraps results in <XResult> and lists in
// <member>; EC2 puts fields straight under <XResponse> with lower-camel names and lists in <item>.

const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
const EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

export type QueryParams = Map<string, string>;

export function parseQueryBody(body: string): QueryParams {
  return new Map(new URLSearchParams(body));
}

/** Scalars of a query list: `Prefix.1`, `Prefix.2`, ... (STS uses `Name.member.N`, EC2 `Name.N`). */
export function queryList(params: QueryParams, prefix: string): string[] {
  return indexedGroups(params, prefix).map((g) => g.get("") ?? "");
}

/** Structures of a query list: `Prefix.N.Field` → [{ Field }], nested lists stay as `Field.M` keys. */
export function queryStructList(params: QueryParams, prefix: string): Map<string, string>[] {
  return indexedGroups(params, prefix);
}

function indexedGroups(params: QueryParams, prefix: string): Map<string, string>[] {
  const groups = new Map<number, Map<string, string>>();
  const start = `${prefix}.`;
  for (const [key, value] of params) {
    if (!key.startsWith(start)) continue;
    const rest = key.slice(start.length);
    const dot = rest.indexOf(".");
    const index = Number(dot === -1 ? rest : rest.slice(0, dot));
    if (!Number.isInteger(index) || index < 1) continue;
    let group = groups.get(index);
    if (!group) groups.set(index, (group = new Map()));
    group.set(dot === -1 ? "" : rest.slice(dot + 1), value);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** A leaf element; undefined values are left out as AWS does for absent members. */
export function el(name: string, value: string | number | boolean | Date | undefined | null): string {
  if (value === undefined || value === null) return "";
  const text = value instanceof Date ? value.toISOString() : String(value);
  return `<${name}>${escapeXml(text)}</${name}>`;
}

export function node(name: string, ...children: string[]): string {
  return `<${name}>${children.join("")}</${name}>`;
}

export function list(name: string, itemTag: "member" | "item", items: string[]): string {
  return items.length === 0 ? `<${name}/>` : `<${name}>${items.map((i) => `<${itemTag}>${i}</${itemTag}>`).join("")}</${name}>`;
}

function send(res: ServerResponse, status: number, requestId: string, xml: string): void {
  res.writeHead(status, {
    "content-type": "text/xml",
    "x-amzn-requestid": requestId,
    "content-length": Buffer.byteLength(xml),
  });
  res.end(xml);
}

export function sendStsResult(res: ServerResponse, requestId: string, action: string, resultXml: string, ns = STS_NS): void {
  send(
    res,
    200,
    requestId,
    `<${action}Response xmlns="${ns}"><${action}Result>${resultXml}</${action}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`,
  );
}

export function sendStsError(res: ServerResponse, requestId: string, error: AwsError, ns = STS_NS): void {
  const type = error.status >= 500 ? "Receiver" : "Sender";
  send(
    res,
    error.status,
    requestId,
    `<ErrorResponse xmlns="${ns}"><Error><Type>${type}</Type>${el("Code", error.code)}${el("Message", error.message)}</Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`,
  );
}

/** IAM answers in the same Query shape as STS, in its own namespace. */
export const sendIamResult = (res: ServerResponse, requestId: string, action: string, resultXml: string) =>
  sendStsResult(res, requestId, action, resultXml, IAM_NS);
export const sendIamError = (res: ServerResponse, requestId: string, error: AwsError) => sendStsError(res, requestId, error, IAM_NS);

export function sendEc2Result(res: ServerResponse, requestId: string, action: string, bodyXml: string): void {
  send(
    res,
    200,
    requestId,
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NS}"><requestId>${requestId}</requestId>${bodyXml}</${action}Response>`,
  );
}

export function sendEc2Error(res: ServerResponse, requestId: string, error: AwsError): void {
  send(
    res,
    error.status,
    requestId,
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>${el("Code", error.code)}${el("Message", error.message)}</Error></Errors>` +
      `<RequestID>${requestId}</RequestID></Response>`,
  );
}
