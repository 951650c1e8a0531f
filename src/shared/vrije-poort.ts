import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

/** Below Linux's default ephemeral range (32768–60999), where outgoing connections take their local ports. */
const VAN_POORT = 20_000;
const TOT_POORT = 32_000;
const POGINGEN = 50;

/**
 * A TCP port on 127.0.0.1 that is free now, for a server that will bind it a moment later (PostgreSQL,
 * the service in a test). Chosen at random below the ephemeral range: a port from `listen(0)` comes
 * from that range, and between closing the probe and the server binding it any process's outgoing
 * connection may take it as its local port, which the test runs hit now and then. A port below the
 * range is only taken by a listener that asks for it.
 */
export async function vrijePoort(): Promise<number> {
  // Bounded: POGINGEN random ports, then whatever the kernel gives.
  for (let poging = 0; poging < POGINGEN; poging++) {
    const poort = randomInt(VAN_POORT, TOT_POORT);
    if ((await bind(poort)) !== null) return poort;
  }
  const poort = await bind(0);
  if (poort === null) throw new Error('geen vrije TCP-poort op 127.0.0.1');
  return poort;
}

/** Binds `poort` (0: any) on 127.0.0.1 and lets it go again; the port bound, or null when it was taken. */
function bind(poort: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(null));
    server.listen(poort, '127.0.0.1', () => {
      const address = server.address();
      const gebonden = typeof address === 'object' && address ? address.port : null;
      server.close(() => resolve(gebonden));
    });
  });
}
