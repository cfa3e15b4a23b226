import { CHAIN_TRUST_ACTIONS } from "@/lib/iam-templates/templates";

// The trust-policy statement that lets a hop of Gatehouse's chain through: the calling principal may assume the
// role, tag the session and set its source identity (every hop needs all three: the first passes tags and source
// identity, later hops inherit transitive tags; docs/iam-templates.md).

const ARN = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:[\w+=,.@/-]+$/;

export interface TrustStatement {
  Sid: string;
  Effect: "Allow";
  Principal: { AWS: string };
  Action: string[];
}

export function trustFixFor(principal: string): TrustStatement {
  return {
    Sid: "Gatehouse",
    Effect: "Allow",
    Principal: { AWS: ARN.test(principal) ? principal : "<the broker's IAM user or role ARN>" },
    Action: [...CHAIN_TRUST_ACTIONS],
  };
}
