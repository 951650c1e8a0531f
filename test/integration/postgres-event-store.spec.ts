import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store';
import { openTestDatabase } from '../support/database';
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
