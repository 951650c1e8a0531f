import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { ConcurrencyError, IdempotencyConflictError, KurrentDbVersieError } from '../../src/event-store/event-store.errors';
import { KurrentDbEventStore } from '../../src/event-store/kurrentdb-event-store';
import { logStream } from '../../src/event-store/kurrentdb-records';
import { KurrentDbNabootsing } from '../support/kurrentdb-nabootsing';
import { eventStoreContract, newEvent } from './event-store.contract';

/**
 * Whether KURRENTDB_URL reaches a KurrentDB, decided before jest collects the tests (a describe cannot
 * wait for a promise): a child process reads one stream and exits 0 when the server answered.
 */
function kurrentDbBereikbaar(url: string | undefined): { bereikbaar: boolean; reden: string } {
  if (!url) return { bereikbaar: false, reden: 'KURRENTDB_URL is niet gezet' };
  const probe = `
    const { KurrentDBClient, StreamNotFoundError } = require('@kurrent/kurrentdb-client');
    const client = KurrentDBClient.connectionString(process.env.KURRENTDB_URL);
    (async () => {
      try { for await (const _ of client.readStream('begroot-gemeenten', { maxCount: 1, deadline: 5000 })) break; }
      catch (error) { if (!(error instanceof StreamNotFoundError)) { console.error(error.message); process.exitCode = 1; } }
      finally { await client.dispose().catch(() => undefined); }
    })();`;
  const uitkomst = spawnSync(process.execPath, ['-e', probe], { cwd: resolve(__dirname, '../..'), env: process.env, timeout: 20_000, encoding: 'utf8' });
  if (uitkomst.status === 0) return { bereikbaar: true, reden: '' };
  return { bereikbaar: false, reden: (uitkomst.stderr || uitkomst.error?.message || `exit ${uitkomst.status}`).trim().split('\n')[0] };
}

const url = process.env.KURRENTDB_URL;
const server = kurrentDbBereikbaar(url);

if (server.bereikbaar) {
  eventStoreContract(`KurrentDB op ${url}`, async () => {
    const store = new KurrentDbEventStore(KurrentDBClient.connectionString(url as string));
    await store.controleerServer();
    return { store, close: () => store.close() };
  });
} else {
  console.warn(
    `\n*** KurrentDB-contracttests OVERGESLAGEN: geen KurrentDB op KURRENTDB_URL (${url ?? 'niet gezet'}): ${server.reden}.\n` +
      "*** Start er een (docker compose up -d kurrentdb) en draai met KURRENTDB_URL='kurrentdb://localhost:2113?tls=false'.\n",
  );
  describe(`event store contract: KurrentDB — OVERGESLAGEN: geen KurrentDB op KURRENTDB_URL (${url ?? 'niet gezet'})`, () => {
    it.skip(`het hele contract tegen een echte server (${server.reden})`, () => undefined);
  });
}

// The adapter's own logic, on an imitation of the client: never evidence about KurrentDB itself.
eventStoreContract('KurrentDB-adapter op een nabootsing van de client (niet KurrentDB zelf)', async () => {
  const store = new KurrentDbEventStore(new KurrentDbNabootsing());
  return { store, close: () => store.close() };
});

describe('KurrentDB-adapter (op de nabootsing): wat het contract niet dekt', () => {
  const gemeente = () => `GM${randomUUID().slice(0, 8)}`;

  it('given two service instances on one KurrentDB, when both append to one gemeente at once, then every append lands once at gapless positions and the chain verifies', async () => {
    const kurrent = new KurrentDbNabootsing();
    const [a, b] = [new KurrentDbEventStore(kurrent), new KurrentDbEventStore(kurrent)];
    const gm = gemeente();
    const perInstantie = 40;

    await Promise.all(
      [a, b].map((store, instantie) =>
        Promise.all(Array.from({ length: perInstantie }, (_, index) => store.append(gm, `test-${instantie}-${index}`, [newEvent()], { expectedVersion: 'geen' }))),
      ),
    );

    const log = await a.readLog(gm, { naPositie: 0, limit: 1000 });
    expect(log.map((event) => event.positie)).toEqual(Array.from({ length: 2 * perInstantie }, (_, index) => index + 1));
    expect(await b.verify(gm)).toMatchObject({ geldig: true, aantalEvents: 2 * perInstantie });
    expect(kurrent.appends).toBe(2 * perInstantie);
  });

  it('given a server without multi-stream append (before 25.1), when the service checks it at start-up, then it refuses and names the version it needs', async () => {
    const store = new KurrentDbEventStore(new KurrentDbNabootsing({ multiStreamAppend: false }));

    await expect(store.controleerServer()).rejects.toBeInstanceOf(KurrentDbVersieError);
    await expect(store.controleerServer()).rejects.toThrow(/25\.1/);
  });

  it('given a record altered in the log behind the service, when verified, then verification names that position', async () => {
    const kurrent = new KurrentDbNabootsing();
    const store = new KurrentDbEventStore(kurrent);
    const gm = gemeente();
    await store.append(gm, `test-${randomUUID()}`, [newEvent(), newEvent({ data: { bedrag: '2852268.00' } }), newEvent()], { expectedVersion: 'geen' });

    kurrent.records(logStream(gm))[1].data = { bedrag: '1.00' };
    const result = await store.verify(gm);

    expect(result.geldig).toBe(false);
    expect(result.eersteFout).toEqual({ positie: 2, reden: expect.stringContaining('positie 2') });
  });

  it('given an append, when the KurrentDB records are inspected, then the log and the business stream hold the same events, the log at revision positie − 1', async () => {
    const kurrent = new KurrentDbNabootsing();
    const store = new KurrentDbEventStore(kurrent);
    const gm = gemeente();
    const stream = `begroting-${gm}-2022`;
    await store.append(gm, `gemeente-${gm}`, [newEvent()], { expectedVersion: 'geen' });

    const result = await store.append(gm, stream, [newEvent({ type: 'BegrotingVastgesteld' }), newEvent()], { expectedVersion: 'geen' });

    const log = kurrent.records(logStream(gm));
    const business = kurrent.records(stream);
    expect(result).toMatchObject({ eerstePositie: 2, laatstePositie: 3, streamVersion: 2 });
    expect(log.map((record) => [record.revision, record.type])).toEqual([[0n, 'TestGebeurd'], [1n, 'BegrotingVastgesteld'], [2n, 'TestGebeurd']]);
    expect(business.map((record) => record.revision)).toEqual([0n, 1n]);
    expect(business.map((record) => record.metadata)).toEqual(log.slice(1).map((record) => record.metadata));
    expect(await store.readStream(stream)).toEqual((await store.readLog(gm, { naPositie: 1, limit: 10 })));
  });

  it('given a stream name under the reserved prefix, when appended to, then it is refused and nothing is written', async () => {
    const kurrent = new KurrentDbNabootsing();
    const store = new KurrentDbEventStore(kurrent);

    await expect(store.append(gemeente(), 'begroot-log-GM0193', [newEvent()], { expectedVersion: 'elke' })).rejects.toThrow(/gereserveerd/);
    expect(kurrent.appends).toBe(0);
  });

  it('given an Idempotency-Key used once, when reused for another request, then the append is refused as an idempotency conflict', async () => {
    const store = new KurrentDbEventStore(new KurrentDbNabootsing());
    const gm = gemeente();
    const sleutel = `key-${randomUUID()}`;
    await store.append(gm, `test-${randomUUID()}`, [newEvent()], { expectedVersion: 'geen', idempotency: { sleutel, requestHash: 'a'.repeat(64) } });

    await expect(
      store.append(gm, `test-${randomUUID()}`, [newEvent()], { expectedVersion: 'geen', idempotency: { sleutel, requestHash: 'b'.repeat(64) } }),
    ).rejects.toBeInstanceOf(IdempotencyConflictError);
  });

  it('given a stale expected version on the business stream, when appended, then a ConcurrencyError names the versions and the log is untouched', async () => {
    const kurrent = new KurrentDbNabootsing();
    const store = new KurrentDbEventStore(kurrent);
    const gm = gemeente();
    const stream = `test-${randomUUID()}`;
    await store.append(gm, stream, [newEvent(), newEvent()], { expectedVersion: 'geen' });

    await expect(store.append(gm, stream, [newEvent()], { expectedVersion: 1 })).rejects.toThrow(new ConcurrencyError(stream, 'verwachte versie 1, huidige versie 2'));
    expect(await store.head(gm)).toMatchObject({ positie: 2 });
  });

  it('given tagged events in two gemeenten, when read by tag, then only that gemeente’s events with the tag come back, within the positions asked', async () => {
    const store = new KurrentDbEventStore(new KurrentDbNabootsing());
    const [eerste, tweede] = [gemeente(), gemeente()];
    for (const gm of [eerste, tweede]) {
      await store.append(gm, `test-${randomUUID()}`, [newEvent({ tags: ['reserve:AR'] }), newEvent({ tags: ['doel:1.1'] }), newEvent({ tags: ['reserve:AR', 'doel:1.1'] })], {
        expectedVersion: 'geen',
      });
    }

    const alle = await store.readByTags(eerste, ['reserve:AR']);
    const vanafTwee = await store.readByTags(eerste, ['reserve:AR'], { naPositie: 1, totPositie: 3 });

    expect(alle.map((event) => [event.gemeente, event.positie])).toEqual([[eerste, 1], [eerste, 3]]);
    expect(vanafTwee.map((event) => event.positie)).toEqual([3]);
    expect((await store.heads()).map((head) => [head.gemeente, head.positie])).toEqual([eerste, tweede].sort().map((gm) => [gm, 3]));
  });

  it('given a reader checkpoint taken by another instance, when this instance reads $all from it, then it continues right after it without repeats or gaps', async () => {
    const kurrent = new KurrentDbNabootsing();
    const [schrijver, ander] = [new KurrentDbEventStore(kurrent), new KurrentDbEventStore(kurrent)];
    const [eerste, tweede] = [gemeente(), gemeente()];
    for (let index = 0; index < 30; index++) await schrijver.append(index % 3 === 0 ? eerste : tweede, `test-${randomUUID()}`, [newEvent()], { expectedVersion: 'geen' });

    const deel = await schrijver.readAll({}, 12);
    const rest = await ander.readAll(deel.checkpoint, 1000);
    const niets = await ander.readAll(rest.checkpoint, 1000);

    const gelezen = [...deel.events, ...rest.events].map((event) => `${event.gemeente}:${event.positie}`);
    expect(deel.events).toHaveLength(12);
    expect(new Set(gelezen).size).toBe(30);
    expect(rest.checkpoint).toEqual({ [eerste]: 10, [tweede]: 20 });
    expect(niets.events).toEqual([]);
  });
});
