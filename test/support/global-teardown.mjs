export default async function globalTeardown() {
  const cluster = globalThis.__BEGROOT_PG__;
  if (cluster) await cluster.stop();
}
