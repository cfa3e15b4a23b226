import { AwsError, validationMessage } from "../protocol/errors";
import { queryList, queryStructList, type QueryParams } from "../protocol/query-protocol";

// STS request parameters, validated with the limits and wording of the STS API (docs/aws-facts.md#sts-parameter-limits).

export interface AssumeRoleParams {
  roleArn: string;
  roleSessionName: string;
  durationSeconds?: number;
  externalId?: string;
  sourceIdentity?: string;
  tags: { Key: string; Value: string }[];
  transitiveTagKeys: string[];
}

const NAME_PATTERN = /^[\w+=,.@-]*$/;
const TAG_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/(?:[\x21-\x7e]*\/)?[\w+=,.@-]{1,64}$/;

export function validationError(message: string): AwsError {
  return new AwsError("ValidationError", message, 400);
}

function lengthCheck(value: string, member: string, min: number, max: number): void {
  if (value.length < min) throw validationError(validationMessage(value, member, `Member must have length greater than or equal to ${min}`));
  if (value.length > max) throw validationError(validationMessage(value, member, `Member must have length less than or equal to ${max}`));
}

function required(params: QueryParams, name: string, member: string): string {
  const value = params.get(name);
  if (value === undefined)
    throw validationError(`1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  return value;
}

export function parseRoleArn(params: QueryParams): string {
  const roleArn = required(params, "RoleArn", "roleArn");
  lengthCheck(roleArn, "roleArn", 20, 2048);
  if (!ROLE_ARN.test(roleArn)) throw validationError("Request ARN is invalid");
  return roleArn;
}

export function parseSessionName(params: QueryParams): string {
  const name = required(params, "RoleSessionName", "roleSessionName");
  lengthCheck(name, "roleSessionName", 2, 64);
  if (!NAME_PATTERN.test(name)) {
    throw validationError(validationMessage(name, "roleSessionName", "Member must satisfy regular expression pattern: [\\w+=,.@-]*"));
  }
  return name;
}

export function parseDuration(params: QueryParams): number | undefined {
  const raw = params.get("DurationSeconds");
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw validationError(`Value '${raw}' for DurationSeconds is not a valid integer`);
  if (value < 900) throw validationError(validationMessage(value, "durationSeconds", "Member must have value greater than or equal to 900"));
  if (value > 43200) throw validationError(validationMessage(value, "durationSeconds", "Member must have value less than or equal to 43200"));
  return value;
}

export function parseAssumeRole(params: QueryParams): AssumeRoleParams {
  if (params.has("Policy") || [...params.keys()].some((k) => k.startsWith("PolicyArns."))) {
    throw validationError("The Gatehouse sandbox does not implement session policies (Policy, PolicyArns).");
  }
  const roleArn = parseRoleArn(params);
  const roleSessionName = parseSessionName(params);
  const durationSeconds = parseDuration(params);

  const externalId = params.get("ExternalId");
  if (externalId !== undefined) {
    lengthCheck(externalId, "externalId", 2, 1224);
    if (!/^[\w+=,.@:/-]*$/.test(externalId)) {
      throw validationError(validationMessage(externalId, "externalId", "Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*"));
    }
  }

  const sourceIdentity = params.get("SourceIdentity");
  if (sourceIdentity !== undefined) {
    lengthCheck(sourceIdentity, "sourceIdentity", 2, 64);
    if (!NAME_PATTERN.test(sourceIdentity)) {
      throw validationError(validationMessage(sourceIdentity, "sourceIdentity", "Member must satisfy regular expression pattern: [\\w+=,.@-]*"));
    }
    if (sourceIdentity.toLowerCase().startsWith("aws:")) throw validationError("SourceIdentity cannot begin with the reserved prefix 'aws:'.");
  }

  const tags = queryStructList(params, "Tags.member").map((t) => ({ Key: t.get("Key") ?? "", Value: t.get("Value") ?? "" }));
  if (tags.length > 50) throw validationError(validationMessage(`[${tags.length} tags]`, "tags", "Member must have length less than or equal to 50"));
  const seen = new Set<string>();
  tags.forEach((tag, i) => {
    const member = `tags.${i + 1}.member`;
    lengthCheck(tag.Key, `${member}.key`, 1, 128);
    if (tag.Value.length > 256) throw validationError(validationMessage(tag.Value, `${member}.value`, "Member must have length less than or equal to 256"));
    if (!TAG_PATTERN.test(tag.Key) || !TAG_PATTERN.test(tag.Value)) {
      throw validationError(validationMessage(tag.Key, `${member}.key`, "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+"));
    }
    if (tag.Key.toLowerCase().startsWith("aws:")) throw validationError("Tag keys cannot begin with the reserved prefix 'aws:'.");
    if (seen.has(tag.Key.toLowerCase())) throw validationError("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    seen.add(tag.Key.toLowerCase());
  });

  const transitiveTagKeys = queryList(params, "TransitiveTagKeys.member");
  if (transitiveTagKeys.length > 50)
    throw validationError(validationMessage(`[${transitiveTagKeys.length} keys]`, "transitiveTagKeys", "Member must have length less than or equal to 50"));
  for (const key of transitiveTagKeys) {
    if (!seen.has(key.toLowerCase())) throw validationError(`The transitive tag key '${key}' is not among the session tags of this request.`);
  }

  return {
    roleArn,
    roleSessionName,
    tags,
    transitiveTagKeys,
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(externalId !== undefined ? { externalId } : {}),
    ...(sourceIdentity !== undefined ? { sourceIdentity } : {}),
  };
}

/** AWS reports PackedPolicySize as the percentage of the packed session-data limit used by tags (and policies). */
export function packedPolicySize(tags: Record<string, string>, transitiveTagKeys: string[]): number {
  const bytes = Object.entries(tags).reduce((n, [k, v]) => n + k.length + v.length + 4, 0) + transitiveTagKeys.join(",").length;
  return Math.max(1, Math.ceil((bytes * 100) / 2048));
}
