import "server-only";
import { getDb } from "@/lib/db/client";

// One SCP's document, read on demand: the tree itself carries only policy names, so the page stays small.

export type PolicyDocument = {
  id: string;
  name: string;
  description: string | null;
  awsManaged: boolean;
  /** The policy JSON, pretty-printed when it parses. */
  content: string;
};

export async function getPolicyDocument(policyId: string): Promise<PolicyDocument | null> {
  const row = await getDb().orgPolicy.findUnique({
    where: { id: policyId },
    select: { id: true, name: true, description: true, awsManaged: true, content: true },
  });
  if (!row) return null;
  return { ...row, content: prettyJson(row.content) };
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
