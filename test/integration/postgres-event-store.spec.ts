import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store';
import { createTestDatabase, openTestDatabase } from '../support/database';
import { openDatabase } from '../../src/database/data-source';
import { KopZonderForeignKey1763960000000 } from '../../migrations/1763960000000-KopZonderForeignKey';
import { ConcurrencyError } from '../../src/event-store/event-store.errors';
import { eventStoreContract, newEvent } from './event-store.contract';

eventStoreContract('PostgreSQL', async () => {
  const dataSource = await openTestDatabase();
  return { store: new PostgresEventStore(dataSource), close: () => dataSource.destroy() };
});

describe('PostgreSQL event store: events are facts', () => {
  let dataSource: DataSource;
  let store: PostgresEventStore;
  const gemeente = 'GM0193';
  beforeAll(async () => {
    dataSource = await openTestDatabase();
    store = new PostgresEventStore(dataSource);
    await store.append(gemeente, `test-${randomUUID()}`, [newEvent(), newEvent({ data: { bedrag: '2852268.00' } }), newEvent()], {
      expectedVersion: 'geen',
    });
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  it.each([
    ['UPDATE', `UPDATE events SET data = '{"bedrag":"0.00"}' WHERE positie = 2`],
    ['DELETE', `DELETE FROM events WHERE positie = 2`],
    ['TRUNCATE', `TRUNCATE events CASCADE`],
  ])('when %s is run on events, then PostgreSQL itself refuses it', async (_, sql) => {
    await expect(dataSource.query(sql)).rejects.toThrow(/events zijn onveranderlijk/);
    expect((await store.verify(gemeente)).aantalEvents).toBe(3);
  });

  it('given the guard disabled as a superuser could, when an amount is altered, then verification names that position', async () => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SET session_replication_role = replica`);
      await runner.query(`UPDATE events SET data = '{"bedrag":"1.00"}' WHERE gemeente = $1 AND positie = 2`, [gemeente]);
      await runner.query(`SET session_replication_role = origin`);
    } finally {
      await runner.release();
    }

    const result = await store.verify(gemeente);

    expect(result.geldig).toBe(false);
    expect(result.eersteFout).toEqual({ positie: 2, reden: expect.stringContaining('positie 2') });
  });
});

describe('PostgreSQL event store: a head row stays (migrations/1763960000000-KopZonderForeignKey.ts)', () => {
  let dataSource: DataSource;
  let store: PostgresEventStore;
  const gemeente = 'GM0194';
  beforeAll(async () => {
    dataSource = await openTestDatabase();
    store = new PostgresEventStore(dataSource);
    await store.append(gemeente, `test-${randomUUID()}`, [newEvent(), newEvent()], { expectedVersion: 'geen' });
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  it.each([
    ['DELETE', `DELETE FROM gemeente_logs WHERE gemeente = 'GM0194'`],
    ['DELETE without a WHERE', `DELETE FROM gemeente_logs`],
    ['TRUNCATE', `TRUNCATE gemeente_logs CASCADE`],
    ['UPDATE of its gemeente', `UPDATE gemeente_logs SET gemeente = 'GM9999' WHERE gemeente = 'GM0194'`],
  ])('given a gemeente with events, when %s is run on its head row, then PostgreSQL itself refuses it and the chain still verifies', async (_, sql) => {
    const voor = await store.head(gemeente);

    await expect(dataSource.query(sql)).rejects.toThrow(/de kop van een gemeente blijft/);

    expect(await store.head(gemeente)).toEqual(voor);
    expect((await store.verify(gemeente)).geldig).toBe(true);
  });

  it('given a head row, when the next append moves it, then the guard lets that UPDATE through', async () => {
    await store.append(gemeente, `test-${randomUUID()}`, [newEvent()], { expectedVersion: 'geen' });

    expect(await store.head(gemeente)).toMatchObject({ gemeente, positie: 3 });
    expect(await store.verify(gemeente)).toMatchObject({ geldig: true, aantalEvents: 3 });
  });

  it('given the migration undone, when a head row with events is deleted, then the foreign key it restored refuses it; redone, the trigger does', async () => {
    const { url } = await createTestDatabase();
    const ander = await openDatabase(url);
    try {
      await new PostgresEventStore(ander).append('GM0195', `test-${randomUUID()}`, [newEvent()], { expectedVersion: 'geen' });
      const runner = ander.createQueryRunner();
      try {
        await new KopZonderForeignKey1763960000000().down(runner);
        await expect(runner.query(`DELETE FROM gemeente_logs WHERE gemeente = 'GM0195'`)).rejects.toThrow(/events_gemeente_fkey/);

        await new KopZonderForeignKey1763960000000().up(runner);
        await expect(runner.query(`DELETE FROM gemeente_logs WHERE gemeente = 'GM0195'`)).rejects.toThrow(/de kop van een gemeente blijft/);
      } finally {
        await runner.release();
      }
    } finally {
      await ander.destroy();
    }
  });
});

describe('PostgreSQL event store: the one-statement append on a remembered head', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openTestDatabase();
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  it('given two instances that each remember the head they wrote, when they append to one gemeente in turns and side by side, then positions are gapless and the chain verifies', async () => {
    const gemeente = 'GM0200';
    const [a, b] = [new PostgresEventStore(dataSource), new PostgresEventStore(dataSource)];
    const stream = `test-${randomUUID()}`;
    for (let round = 0; round < 5; round++) {
      await a.append(gemeente, stream, [newEvent()], { expectedVersion: 'elke' });
      await b.append(gemeente, stream, [newEvent(), newEvent()], { expectedVersion: 'elke' });
    }
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? a : b).append(gemeente, `${stream}-${index % 4}`, [newEvent()], { expectedVersion: 'elke' })),
    );

    const log = await a.readLog(gemeente, { naPositie: 0, limit: 1000 });
    expect(log.map((event) => event.positie)).toEqual(Array.from({ length: 55 }, (_, index) => index + 1));
    expect(new Set(results.map((result) => result.laatstePositie)).size).toBe(40);
    expect((await b.verify(gemeente)).geldig).toBe(true);
    for (let index = 1; index < log.length; index++) expect(log[index].recordedAt >= log[index - 1].recordedAt).toBe(true);
  });

  it('given a head this instance remembers, when another instance wrote meanwhile, then the stale guess writes nothing and the append lands after the other write', async () => {
    const gemeente = 'GM0201';
    const [a, b] = [new PostgresEventStore(dataSource), new PostgresEventStore(dataSource)];
    const stream = `test-${randomUUID()}`;
    await a.append(gemeente, stream, [newEvent()], { expectedVersion: 'geen' });
    await a.append(gemeente, stream, [newEvent()], { expectedVersion: 1 });
    await b.append(gemeente, stream, [newEvent()], { expectedVersion: 2 });

    await expect(a.append(gemeente, stream, [newEvent()], { expectedVersion: 2 })).rejects.toBeInstanceOf(ConcurrencyError);
    const result = await a.append(gemeente, stream, [newEvent()], { expectedVersion: 3 });

    expect(result).toMatchObject({ eerstePositie: 4, streamVersion: 4 });
    expect((await a.verify(gemeente)).geldig).toBe(true);
  });

  it('given a remembered head, when an idempotency key or an append condition was used by another instance, then the one-statement path defers to the stored answer or the conflict', async () => {
    const gemeente = 'GM0202';
    const [a, b] = [new PostgresEventStore(dataSource), new PostgresEventStore(dataSource)];
    const stream = `test-${randomUUID()}`;
    const first = await a.append(gemeente, stream, [newEvent({ tags: ['reserve:AR'] })], { expectedVersion: 'elke' });
    const idempotency = { sleutel: `key-${randomUUID()}`, requestHash: 'b'.repeat(64) };
    const stored = await b.append(gemeente, stream, [newEvent({ tags: ['reserve:AR'] })], { expectedVersion: 'elke', idempotency });
    await a.append(gemeente, `${stream}-x`, [newEvent()], { expectedVersion: 'geen' });

    await expect(a.append(gemeente, stream, [newEvent()], { expectedVersion: 'elke', idempotency })).resolves.toEqual(stored);
    const condition = { naPositie: first.laatstePositie, tags: ['reserve:AR'], types: ['TestGebeurd'] };
    await expect(a.append(gemeente, `${stream}-y`, [newEvent()], { expectedVersion: 'geen', condition })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await a.readLog(gemeente, { naPositie: 0, limit: 100 })).toHaveLength(3);
  });

  it.each([
    ['one event (its own statement)', 1, 'begroot-append-een', 'GM0203'],
    ['three events (the bundle statement)', 3, 'begroot-append-bundel', 'GM0204'],
  ])(
    'given a remembered head, when %s is appended with an idempotency key and a condition that holds, then events and key are written in one statement, a repeat gets the first answer and a later match is refused',
    async (_, aantal, statement, gemeente) => {
      const store = new PostgresEventStore(dataSource);
      const stream = `test-${randomUUID()}`;
      const eerste = await store.append(gemeente, stream, [newEvent({ tags: ['reserve:AR'] })], { expectedVersion: 'elke' });
      // Which statement wrote is not visible in the result (both paths answer alike); the named statement is.
      const statements = jest.spyOn(store as unknown as { voorbereid: (name: string) => Promise<unknown> }, 'voorbereid');
      const idempotency = { sleutel: `key-${randomUUID()}`, requestHash: 'c'.repeat(64) };
      const condition = { naPositie: eerste.laatstePositie, tags: ['reserve:AR'], types: ['TestGebeurd'] };
      const events = Array.from({ length: aantal }, (__, index) => newEvent({ tags: ['reserve:AR', `doel:${index}.1`], data: { bedrag: `${index}.10`, regels: [{ doel: `${index}.1` }] } }));

      const resultaat = await store.append(gemeente, stream, events, { expectedVersion: 'elke', idempotency, condition });

      expect(statements.mock.calls.map(([name]) => name)).toEqual([statement]);
      expect(resultaat).toMatchObject({ eerstePositie: eerste.laatstePositie + 1, laatstePositie: eerste.laatstePositie + aantal, streamVersion: 1 + aantal });
      expect(await store.findIdempotency(gemeente, idempotency.sleutel)).toEqual({ requestHash: idempotency.requestHash, resultaat });
      expect(await store.append(gemeente, stream, [newEvent()], { expectedVersion: 'elke', idempotency })).toEqual(resultaat);
      expect((await store.readByTags(gemeente, [`doel:${aantal - 1}.1`])).map((event) => event.eventId)).toEqual([events[aantal - 1].eventId]);
      expect(await store.verify(gemeente)).toMatchObject({ geldig: true, aantalEvents: resultaat.laatstePositie });
      await expect(store.append(gemeente, `${stream}-x`, [newEvent()], { expectedVersion: 'geen', condition })).rejects.toBeInstanceOf(ConcurrencyError);
    },
  );

  it('given appends of 16 gemeenten at once on remembered heads, when one reuses an event id, then only that one fails and every other is written once', async () => {
    const store = new PostgresEventStore(dataSource);
    const gemeenten = Array.from({ length: 16 }, (_, index) => `GM03${String(index).padStart(2, '0')}`);
    const eerste = await Promise.all(gemeenten.map((gemeente) => store.append(gemeente, `test-${gemeente}`, [newEvent()], { expectedVersion: 'geen' })));

    const uitkomsten = await Promise.allSettled(
      gemeenten.map((gemeente, index) =>
        store.append(gemeente, `test-${gemeente}`, [newEvent(index === 5 ? { eventId: eerste[0].eventIds[0] } : {}), newEvent()], { expectedVersion: 1 }),
      ),
    );

    expect(uitkomsten.map((uitkomst) => uitkomst.status)).toEqual(gemeenten.map((_, index) => (index === 5 ? 'rejected' : 'fulfilled')));
    for (const [index, gemeente] of gemeenten.entries()) {
      expect(await store.readLog(gemeente, { naPositie: 0, limit: 10 })).toHaveLength(index === 5 ? 1 : 3);
      expect((await store.verify(gemeente)).geldig).toBe(true);
    }
    await expect(store.append(gemeenten[5], `test-${gemeenten[5]}`, [newEvent()], { expectedVersion: 1 })).resolves.toMatchObject({ eerstePositie: 2 });
  });

  it('given a remembered head, when PostgreSQL refuses an append (a reused event id), then its connection goes back to the pool instead of being closed', async () => {
    // given
    const store = new PostgresEventStore(dataSource);
    const gemeente = 'GM0399';
    const eerste = await store.append(gemeente, `test-${gemeente}`, [newEvent()], { expectedVersion: 'geen' });
    // TypeORM's pg pool: how many connections it holds.
    const pool = (dataSource.driver as unknown as { master: { totalCount: number } }).master;
    const verbindingen = pool.totalCount;

    // when
    await expect(store.append(gemeente, `test-${gemeente}`, [newEvent({ eventId: eerste.eventIds[0] })], { expectedVersion: 1 })).rejects.toThrow();

    // then
    expect(pool.totalCount).toBe(verbindingen);
    await expect(store.append(gemeente, `test-${gemeente}`, [newEvent()], { expectedVersion: 1 })).resolves.toMatchObject({ eerstePositie: 2 });
  });
});
