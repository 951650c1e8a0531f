// WAL per append (issue 7, part 1): what one single-event append makes PostgreSQL write, by record
// type (heap, btree, gin, transaction), for the store, Emmett's `appendToStream` and the raw INSERT
// of `bench/append.mjs`. Unlike events/s this does not depend on what else runs on the machine.
//
// `store` appends events with random (v4) ids, as bench/append.mjs does; `storeTijdgeordendeIds` with the
// time-ordered (v7) ids the command path makes (src/shared/ids.ts).
// Each subject first gets a history (PREFILL events, so indexes are of a realistic size rather than a
// few pages), then a CHECKPOINT, then APPENDS single-event appends by one writer; the WAL between the
// two LSNs is read with pg_walinspect. The first change of a page after a checkpoint writes a full-page
// image (FPI): reported apart, as "fpi", because how often it recurs depends on the checkpoint interval
// (default 5 min) and on how many distinct pages the appends touch (a random uuid index touches many).
// Run: npm run bench -- append-wal   (or: npm run build && node bench/append-wal.mjs)
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';

import { metadata, RAW_INSERT, realisatie } from './append.mjs';
import { dist } from './gedeeld.mjs';

const require = createRequire(import.meta.url);
const pg = require('pg');
const { startEmbeddedPostgres } = dist('src/database/embedded-postgres.js');
const { openDatabase } = dist('src/database/data-source.js');
const { PostgresEventStore } = dist('src/event-store/postgres-event-store.js');
const { tagsVan } = dist('src/domain/tags.js');
const { newEventId } = dist('src/shared/ids.js');

const PREFILL = Number(process.env.BENCH_WAL_PREFILL ?? 20_000);
const APPENDS = Number(process.env.BENCH_WAL_APPENDS ?? 1000);
const PREFILL_BATCH_EVENTS = 500;

// `id`: random (v4) as bench/append.mjs sends them, or time-ordered (v7) as the command path makes them.
const nieuwEvent = (jaar, i, id = randomUUID) => {
  const event = realisatie(jaar, i);
  return { eventId: id(), type: event.type, schemaVersion: 1, datum: `${jaar}-06-30`, data: event.data, metadata: metadata(), tags: tagsVan(event) };
};

/** WAL written by `werk`, after a checkpoint: per resource manager and in total, per append. */
async function walVan(client, werk) {
  await client.query('CHECKPOINT');
  const [{ lsn: start }] = (await client.query('SELECT pg_current_wal_insert_lsn() AS lsn')).rows;
  await werk();
  const [{ lsn: einde }] = (await client.query('SELECT pg_current_wal_insert_lsn() AS lsn')).rows;
  const { rows } = await client.query(
    `SELECT "resource_manager/record_type" AS soort, count AS records, record_size AS record_bytes, fpi_size AS fpi_bytes
     FROM pg_get_wal_stats($1, $2, true) WHERE count > 0 ORDER BY record_size + fpi_size DESC`,
    [start, einde],
  );
  const per = (n) => +(Number(n) / APPENDS).toFixed(2);
  const perRmgr = Object.fromEntries(rows.map((row) => [row.soort, { records: per(row.records), bytes: per(row.record_bytes), fpiBytes: per(row.fpi_bytes) }]));
  const som = (veld) => per(rows.reduce((totaal, row) => totaal + Number(row[veld]), 0));
  return { recordsPerAppend: som('records'), bytesPerAppend: som('record_bytes'), fpiBytesPerAppend: som('fpi_bytes'), perRecordType: perRmgr };
}

export async function benchAppendWal() {
  const dir = mkdtempSync(join(tmpdir(), 'begroot-bench-wal-'));
  const db = await startEmbeddedPostgres(dir, () => {});
  const dataSource = await openDatabase(db.url);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const emmett = getPostgreSQLEventStore(db.url);
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_walinspect');
    await client.query('CREATE TABLE bench_raw (id bigserial PRIMARY KEY, stream text NOT NULL, data jsonb NOT NULL)');
    const store = new PostgresEventStore(dataSource);
    const gemeente = 'GM9001';
    const stream = `begroting-${gemeente}-2020`;
    const gemeenteV7 = 'GM9002';
    const streamV7 = `begroting-${gemeenteV7}-2020`;
    const v7 = () => newEventId(Date.now());

    // Histories of PREFILL events each (the store's in batches; they are not measured).
    for (let i = 0; i < PREFILL; i += PREFILL_BATCH_EVENTS) {
      const events = Array.from({ length: Math.min(PREFILL_BATCH_EVENTS, PREFILL - i) }, (_, j) => nieuwEvent(2020, i + j));
      await store.append(gemeente, stream, events, { expectedVersion: 'elke' });
      await store.append(gemeenteV7, streamV7, events.map((event) => ({ ...event, eventId: v7() })), { expectedVersion: 'elke' });
      await emmett.appendToStream(`realisatie-${i}`, events.map((event) => ({ type: event.type, data: event.data })));
      await client.query(`INSERT INTO bench_raw (stream, data) SELECT 'raw-0', $1::jsonb FROM generate_series(1, $2)`, [JSON.stringify(events[0].data), events.length]);
    }
    await client.query('VACUUM ANALYZE');

    const store1 = await walVan(client, async () => {
      for (let i = 0; i < APPENDS; i++) await store.append(gemeente, stream, [nieuwEvent(2020, i)], { expectedVersion: 'elke' });
    });
    const storeV7 = await walVan(client, async () => {
      for (let i = 0; i < APPENDS; i++) await store.append(gemeenteV7, streamV7, [nieuwEvent(2020, i, v7)], { expectedVersion: 'elke' });
    });
    const emmett1 = await walVan(client, async () => {
      for (let i = 0; i < APPENDS; i++) await emmett.appendToStream('realisatie-0', [realisatie(2020, i)]);
    });
    const raw1 = await walVan(client, async () => {
      for (let i = 0; i < APPENDS; i++) await client.query({ name: 'bench-raw', text: RAW_INSERT, values: ['raw-0', JSON.stringify(realisatie(2020, i).data)] });
    });
    const [rij] = (await client.query(
      `SELECT avg(pg_column_size(e.*))::int AS event_row_bytes, pg_relation_size('events')::int AS heap_bytes,
              (SELECT json_object_agg(indexrelname, pg_relation_size(indexrelid)::int) FROM pg_stat_user_indexes WHERE relname = 'events') AS index_bytes
       FROM events e`,
    )).rows;
    return { prefill: PREFILL, appends: APPENDS, store: store1, storeTijdgeordendeIds: storeV7, emmett: emmett1, raw: raw1, events: rij };
  } finally {
    await emmett.close();
    await client.end();
    await dataSource.destroy();
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchAppendWal(), null, 2));
