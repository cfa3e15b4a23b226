import { spawn } from "node:child_process";
import { SSMClient, DescribeInstanceInformationCommand } from "@aws-sdk/client-ssm";
import { STSClient, AssumeRoleCommand } from "@aws-sdk/client-sts";
const child = spawn(process.execPath, [...process.execArgv, "sandbox/aws/cli.ts"], { env: { ...process.env, SANDBOX_AWS_PORT: "0" }, stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise<string>((resolve) => { let t = ""; child.stdout!.on("data", (c) => { t += c; const m = /listening on (http:\/\/\S+)/.exec(t); if (m) resolve(m[1]!); }); });
await fetch(`${url}/_sandbox/faults`, { method: "POST", body: JSON.stringify({ kind: "latency", latencyMs: 50 }) });
const broker = { accessKeyId: "AKIAGATEHOUSEBROKER1", secretAccessKey: "sandbox/broker/secret/key/0000000000000000" };
const sts = new STSClient({ endpoint: url, region: "us-east-1", credentials: broker });
const c0 = (await sts.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::111111111111:role/CustodianAdmin", RoleSessionName: "x" }))).Credentials!;
const sts2 = new STSClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: c0.AccessKeyId!, secretAccessKey: c0.SecretAccessKey!, sessionToken: c0.SessionToken! } });
const c = (await sts2.send(new AssumeRoleCommand({ RoleArn: "arn:aws:iam::444444444444:role/Admin", RoleSessionName: "x" }))).Credentials!;
const creds = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
for (const [conc, shared] of [[1, true], [32, true], [32, false]] as const) {
  const shared1 = new SSMClient({ endpoint: url, region: "us-east-1", credentials: creds, maxAttempts: 1 });
  const t0 = performance.now(); let n = 0; const lat: number[] = [];
  await Promise.all(Array.from({ length: conc }, async () => { while (n < 256) { n++; const cl = shared ? shared1 : new SSMClient({ endpoint: url, region: "us-east-1", credentials: creds, maxAttempts: 1 }); const s = performance.now(); await cl.send(new DescribeInstanceInformationCommand({})); lat.push(performance.now() - s); } }));
  lat.sort((a, b) => a - b);
  console.log(`conc ${conc} shared=${shared}: total ${(performance.now() - t0).toFixed(0)} ms, median ${lat[128]!.toFixed(1)} p90 ${lat[230]!.toFixed(1)}`);
}
child.kill(); process.exit(0);
