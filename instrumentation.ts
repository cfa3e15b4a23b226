// Runs once when a Gatehouse server starts; the work lives in a Node.js-only module (lib/startup).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { onServerStart } = await import("@/lib/startup/on-server-start");
  await onServerStart();
}
