import { createServer } from 'node:net';
import { vrijePoort } from './vrije-poort';

describe('vrijePoort', () => {
  it('given nothing bound, when a port is asked, then it lies below the ephemeral range and a server can bind it', async () => {
    // when
    const poort = await vrijePoort();

    // then
    expect(poort).toBeGreaterThanOrEqual(20_000);
    expect(poort).toBeLessThan(32_768);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(poort, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});
