import "server-only";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { getBroker } from "@/lib/aws/broker-credentials";
import { stsClient } from "@/lib/aws/clients";
import { describeAwsFault } from "@/lib/aws/errors";
import { getConfig } from "@/lib/config";

export type BrokerHealth = { ok: boolean | null; message?: string; identity?: string };

/** Can Gatehouse reach AWS as its broker? GetCallerIdentity needs no permissions, so it tests credentials and network. */
export async function checkBrokerHealth(): Promise<BrokerHealth> {
  try {
    if (getConfig().BROKER_MODE === "web-identity") {
      // No broker credentials: each person's own ID token starts the chain. Reaching STS is all there is to check.
      await stsClient({ accessKeyId: "health-check", secretAccessKey: "health-check" })
        .send(new GetCallerIdentityCommand({}))
        .catch((error: unknown) => {
          if (describeAwsFault(error, "").kind === "unreachable") throw error;
        });
      return { ok: true, message: "STS reachable (web-identity mode has no broker credentials)" };
    }
    const broker = await getBroker();
    const identity = await stsClient(broker.credentials).send(new GetCallerIdentityCommand({}));
    return { ok: true, identity: identity.Arn };
  } catch (error) {
    return { ok: false, message: describeAwsFault(error, "checking Gatehouse's AWS credentials").message };
  }
}
