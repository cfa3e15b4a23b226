import { ACCOUNT_ID, ROLE_ARN, ROLE_NAME } from "@/lib/access";

// Role names and ARNs from the profile file, checked again before they go into a template: the parser already
// refused bad ones, but a generator must not trust its caller. Templates are built as objects and serialized,
// never assembled from strings, so a name can only ever be a value.

export interface RoleRef {
  /** The IAM path ("/" or "/a/b/"). */
  path: string;
  /** The role name without its path. */
  name: string;
}

export class TemplateInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemplateInputError";
  }
}

/** A profile's role name (optionally with a path, "team/Developer") as path + name; throws for anything else. */
export function parseRoleName(roleName: string): RoleRef {
  if (typeof roleName !== "string" || !ROLE_NAME.test(roleName)) throw new TemplateInputError(`not a valid IAM role name: ${JSON.stringify(roleName)}`);
  const parts = roleName.split("/");
  const name = parts.pop()!;
  return { path: parts.length ? `/${parts.join("/")}/` : "/", name };
}

export interface ParsedRoleArn extends RoleRef {
  partition: string;
  accountId: string;
  arn: string;
}

/** A Custodian role ARN split into partition, account, path and name; throws for anything that is not one. */
export function parseRoleArn(arn: string): ParsedRoleArn {
  if (typeof arn !== "string" || !ROLE_ARN.test(arn)) throw new TemplateInputError(`not a valid IAM role ARN: ${JSON.stringify(arn)}`);
  const [, partition, , , accountId, resource] = arn.split(":") as [string, string, string, string, string, string];
  if (!ACCOUNT_ID.test(accountId)) throw new TemplateInputError(`not a valid IAM role ARN: ${JSON.stringify(arn)}`);
  return { partition, accountId, arn, ...parseRoleName(resource.slice("role/".length)) };
}

/** A CloudFormation logical id (alphanumeric) for a role name, unique within `taken`. */
export function logicalIdFor(prefix: string, name: string, taken: Set<string>): string {
  const base = `${prefix}${name.replace(/[^A-Za-z0-9]/g, "")}`.slice(0, 200);
  let id = base;
  for (let n = 2; taken.has(id); n += 1) id = `${base}${n}`;
  taken.add(id);
  return id;
}
