import type { PoolClient } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import type { GemeenteCode } from '../domain/shared/begrippen';
import type { RecordedEvent } from '../domain/shared/recorded-event';
import { ConcurrencyError, IdempotencyConflictError } from './event-store.errors';
import {
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type LogCheckpoint,
  type LogHead,
  MAX_BATCH_SIZE_EVENTS,
  MAX_EVENTS_PER_APPEND,
  type NewEvent,
  type StoredIdempotency,
  type VerificationOptions,
  type VerificationResult,
} from './event-store.port';
import { GENESIS_HASH, chainEvents, verifyChain } from './hash-chain';
import { type Clock, systemClock } from '../shared/clock';
import { LruCache } from '../shared/lru-cache';
import { WachtrijPerSleutel } from '../shared/wachtrij-per-sleutel';

interface EventRow {
  gemeente: string;
  positie: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  datum: string;
  recorded_at: Date;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  tags: string[];
  hash: string;
}

const EVENT_COLUMNS = `gemeente, positie, event_id, stream_id, stream_version, type, schema_version,
  to_char(datum, 'YYYY-MM-DD') AS datum, recorded_at, data, metadata, tags, hash`;


function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    gemeente: row.gemeente,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    positie: Number(row.positie),
    recordedAt: row.recorded_at.toISOString(),
    datum: row.datum,
    data: row.data,
    metadata: row.metadata,
    tags: row.tags,
    hash: row.hash,
  };
}

/** The head of a gemeente's log as this process last wrote it: a guess that the write statement checks. */
interface Kop {
  positie: number;
  kopHash: string;
  recordedAtMs: number;
  /** Versions at this head of streams this process appended to, for appends with expected version 'elke'. */
  streams: Map<string, number>;
}

/** Appends of one gemeente that may wait in this process; beyond that they take the locked path directly. */
const MAX_WACHTENDE_APPENDS = 10_000;
/** Gemeenten whose head this process remembers. */
const KOP_CACHE_GEMEENTEN = 1024;
/** Stream versions remembered per head (a gemeente has a registry stream and one per budget year). */
const KOP_STREAMS = 64;

/**
 * The fast path's one statement (see `PostgresEventStore`). $1–$5: the gemeente, its head as remembered
 * and as it will be, recordedAt; $6–$7: the stream and its version as assumed; $8–$10: the idempotency
 * key, its request hash and the result to store with it; $11–$13: the append condition; $14–$23: the
 * events, one array per column (so the text, and its plan, is the same for any number of events).
 */
const APPEND_OP_KOP_SQL = `
  WITH kop AS (
    UPDATE gemeente_logs SET positie = $3, kop_hash = $4, laatst_recorded_at = $5::timestamptz
    WHERE gemeente = $1 AND positie = $2
      AND (SELECT coalesce(max(stream_version), 0) FROM events WHERE stream_id = $6) = $7::integer
      AND NOT EXISTS (SELECT 1 FROM idempotency_keys WHERE $8::text IS NOT NULL AND gemeente = $1 AND sleutel = $8)
      AND NOT EXISTS (SELECT 1 FROM events WHERE $11::bigint IS NOT NULL AND gemeente = $1 AND positie > $11
                        AND tags && $12::text[] AND type = ANY($13::text[]))
    RETURNING gemeente
  ), nieuw AS (
    INSERT INTO events (gemeente, positie, event_id, stream_id, stream_version, type, schema_version, datum, recorded_at, data, metadata, tags, hash)
    SELECT $1, e.positie, e.event_id, $6, e.stream_version, e.type, e.schema_version, e.datum, $5::timestamptz, e.data, e.metadata,
           ARRAY(SELECT jsonb_array_elements_text(e.tags)), e.hash
    FROM unnest($14::bigint[], $15::uuid[], $16::integer[], $17::text[], $18::integer[], $19::date[], $20::jsonb[], $21::jsonb[], $22::jsonb[], $23::text[])
      AS e (positie, event_id, stream_version, type, schema_version, datum, data, metadata, tags, hash)
    WHERE EXISTS (SELECT 1 FROM kop)
    RETURNING positie
  ), sleutel AS (
    INSERT INTO idempotency_keys (gemeente, sleutel, request_hash, resultaat)
    SELECT $1, $8, $9, $10::jsonb WHERE $8::text IS NOT NULL AND EXISTS (SELECT 1 FROM kop)
  )
  SELECT (SELECT count(*) FROM kop) AS kop, (SELECT count(*) FROM nieuw) AS events`;

/**
 * The PostgreSQL adapter. Every append moves the gemeente's head row (`gemeente_logs`) and holds that
 * row's lock until it commits: positions are gapless and commit order equals position order, which is
 * what lets a catch-up reader trust "position > checkpoint". See migrations/…-EventStore.ts.
 *
 * Two ways to get there, with the same result:
 * - The fast path (`appendOpKop`): one statement, one commit. This process remembers the head it wrote
 *   last; it chains the events onto that head in memory and writes events, head and idempotency key in
 *   one statement that changes anything only if the head is still there and the stream's version, the
 *   idempotency key and the append condition are as assumed. While the head did not move, nothing was
 *   appended to the gemeente, so those checks, made in the statement's own snapshot, are exact.
 * - The locked path (`appendMetSlot`): a transaction that locks the head row first, then reads, checks,
 *   writes. Taken when this process knows no head for the gemeente, or its guess did not hold (another
 *   instance wrote, a conflict): it reports conflicts precisely, and it cannot lose a race.
 * Appends of one gemeente queue in this process (as the KurrentDB adapter's do), so its own appends
 * never invalidate each other's guess.
 *
 * recordedAt is this service's clock, never earlier than the previous event's of the gemeente: it
 * follows position order even if a clock steps back (as in the KurrentDB adapter).
 */
export class PostgresEventStore implements EventStore {
  private readonly wachtrij = new WachtrijPerSleutel<GemeenteCode>(MAX_WACHTENDE_APPENDS);
  private readonly koppen = new LruCache<GemeenteCode, Kop>(KOP_CACHE_GEMEENTEN);

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock = systemClock,
  ) {}

  append(gemeente: GemeenteCode, streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error('append zonder events'));
    if (events.length > MAX_EVENTS_PER_APPEND) return Promise.reject(new Error(`append van meer dan ${MAX_EVENTS_PER_APPEND} events`));
    const taak = this.wachtrij.plaats(gemeente, () => this.appendInBeurt(gemeente, streamId, events, options));
    // A full queue: the row lock in PostgreSQL orders these appends instead.
    return taak ?? this.appendMetSlot(gemeente, streamId, events, options, { kop: null, onthoud: false });
  }

  /** One append of the gemeente's queue: the fast path on the remembered head, else the locked path. */
  private async appendInBeurt(gemeente: GemeenteCode, streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const kop = this.koppen.get(gemeente) ?? null;
    this.koppen.delete(gemeente);
    if (kop) {
      let result: AppendResult | null;
      try {
        result = await this.appendOpKop(kop, gemeente, streamId, events, options);
      } catch (error) {
        throw translateUniqueViolation(error, streamId);
      }
      if (result) return result;
    }
    return this.appendMetSlot(gemeente, streamId, events, options, { kop, onthoud: true });
  }

  /**
   * The fast path: returns null, having written nothing, when the head moved or the stream's version,
   * the idempotency key or the append condition is not as assumed. Remembers the new head on success.
   */
  private async appendOpKop(kop: Kop, gemeente: GemeenteCode, streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult | null> {
    const expected = options.expectedVersion;
    const currentVersion = expected === 'geen' ? 0 : expected === 'elke' ? kop.streams.get(streamId) : expected;
    if (currentVersion === undefined) return null;
    const { idempotency, condition } = options;
    const recordedAtMs = Math.max(this.clock.now().getTime(), kop.recordedAtMs);
    const recordedAt = new Date(recordedAtMs).toISOString();
    const rows = chainEvents({ gemeente, head: kop, streamId, streamVersion: currentVersion, recordedAt }, events);
    const last = rows[rows.length - 1];
    const result = appendResult(gemeente, streamId, rows);
    const values: unknown[] = [
      gemeente, kop.positie, last.positie, last.hash, recordedAt, streamId, currentVersion,
      idempotency?.sleutel ?? null, idempotency?.requestHash ?? null, JSON.stringify(result),
      condition?.naPositie ?? null, condition?.tags ?? null, condition?.types ?? null,
      rows.map((row) => row.positie), rows.map((row) => row.eventId), rows.map((row) => row.streamVersion), rows.map((row) => row.type),
      rows.map((row) => row.schemaVersion), rows.map((row) => row.datum), rows.map((row) => JSON.stringify(row.data)),
      rows.map((row) => JSON.stringify(row.metadata)), rows.map((row) => JSON.stringify(row.tags)), rows.map((row) => row.hash),
    ];
    const runner = this.dataSource.createQueryRunner();
    let geschreven: { kop: string; events: string };
    try {
      // A named statement: PostgreSQL parses and plans it once per connection, which was a third of its cost.
      const client = (await runner.connect()) as PoolClient;
      [geschreven] = (await client.query<{ kop: string; events: string }>({ name: 'begroot-append-op-kop', text: APPEND_OP_KOP_SQL, values })).rows;
    } finally {
      await runner.release();
    }
    if (Number(geschreven.kop) === 0) return null;
    if (Number(geschreven.events) !== rows.length) throw new Error(`append schreef ${geschreven.events} van ${rows.length} events`);
    this.onthoudKop(gemeente, last, recordedAtMs, kop.streams);
    return result;
  }

  /**
   * The locked path: one transaction that holds the gemeente's head row from its first read to the
   * commit. `kop` is the head the caller remembered (null: none); its stream versions still hold if the
   * head turns out not to have moved. `onthoud`: remember the new head (only an append in the queue may,
   * one outside it could overwrite a newer head).
   */
  private async appendMetSlot(
    gemeente: GemeenteCode,
    streamId: string,
    events: NewEvent[],
    options: AppendOptions,
    { kop, onthoud }: { kop: Kop | null; onthoud: boolean },
  ): Promise<AppendResult> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('READ COMMITTED');
      const { result, nieuwKop } = await this.appendInTransaction(runner, gemeente, streamId, events, options, kop);
      await runner.commitTransaction();
      if (nieuwKop && onthoud) this.koppen.set(gemeente, nieuwKop);
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw translateUniqueViolation(error, streamId);
    } finally {
      await runner.release();
    }
  }

  private onthoudKop(gemeente: GemeenteCode, last: RecordedEvent, recordedAtMs: number, streams: Map<string, number>): void {
    const versies = streams.size < KOP_STREAMS || streams.has(last.streamId) ? streams : new Map<string, number>();
    versies.set(last.streamId, last.streamVersion);
    this.koppen.set(gemeente, { positie: last.positie, kopHash: last.hash, recordedAtMs, streams: versies });
  }

  private async appendInTransaction(
    runner: QueryRunner,
    gemeente: GemeenteCode,
    streamId: string,
    events: NewEvent[],
    options: AppendOptions,
    kop: Kop | null,
  ): Promise<{ result: AppendResult; nieuwKop: Kop | null }> {
    await runner.query(
      `INSERT INTO gemeente_logs (gemeente, positie, kop_hash) VALUES ($1, 0, $2) ON CONFLICT (gemeente) DO NOTHING`,
      [gemeente, GENESIS_HASH],
    );
    // The lock that orders this gemeente's appends; held until commit.
    const [head] = (await runner.query(
      `SELECT positie, kop_hash, laatst_recorded_at FROM gemeente_logs WHERE gemeente = $1 FOR UPDATE`,
      [gemeente],
    )) as { positie: string; kop_hash: string; laatst_recorded_at: Date | null }[];

    if (options.idempotency) {
      const stored = await this.findIdempotencyWith(runner, gemeente, options.idempotency.sleutel);
      if (stored) {
        if (stored.requestHash !== options.idempotency.requestHash) throw new IdempotencyConflictError(options.idempotency.sleutel);
        return { result: stored.resultaat, nieuwKop: null };
      }
    }

    const [{ versie }] = (await runner.query(
      `SELECT coalesce(max(stream_version), 0) AS versie FROM events WHERE stream_id = $1`,
      [streamId],
    )) as { versie: number }[];
    const currentVersion = Number(versie);
    checkExpectedVersion(streamId, options.expectedVersion, currentVersion);
    if (options.condition) {
      const conflicting = (await runner.query(
        `SELECT positie FROM events WHERE gemeente = $1 AND positie > $2 AND tags && $3::text[] AND type = ANY($4::text[]) LIMIT 1`,
        [gemeente, options.condition.naPositie, options.condition.tags, options.condition.types],
      )) as { positie: string }[];
      if (conflicting.length > 0) {
        throw new ConcurrencyError(streamId, `positie ${conflicting[0].positie} raakt ${options.condition.tags.join(', ')} na positie ${options.condition.naPositie}`);
      }
    }

    // recordedAt follows position order even if the clock steps back.
    const headPositie = Number(head.positie);
    const recordedAtMs = Math.max(this.clock.now().getTime(), head.laatst_recorded_at?.getTime() ?? 0);
    const recordedAt = new Date(recordedAtMs).toISOString();
    const rows = chainEvents({ gemeente, head: { positie: headPositie, kopHash: head.kop_hash }, streamId, streamVersion: currentVersion, recordedAt }, events);
    const last = rows[rows.length - 1];

    const values: unknown[] = [];
    const tuples = eventTuples(rows, values);
    await runner.query(
      `INSERT INTO events (gemeente, positie, event_id, stream_id, stream_version, type, schema_version, datum, recorded_at, data, metadata, tags, hash)
       VALUES ${tuples.join(', ')}`,
      values,
    );
    await runner.query(`UPDATE gemeente_logs SET positie = $2, kop_hash = $3, laatst_recorded_at = $4 WHERE gemeente = $1`, [
      gemeente, last.positie, last.hash, recordedAt,
    ]);

    const result = appendResult(gemeente, streamId, rows);
    if (options.idempotency) {
      await runner.query(
        `INSERT INTO idempotency_keys (gemeente, sleutel, request_hash, resultaat) VALUES ($1, $2, $3, $4::jsonb)`,
        [gemeente, options.idempotency.sleutel, options.idempotency.requestHash, JSON.stringify(result)],
      );
    }
    // Stream versions remembered at the old head still hold if nobody else wrote since.
    const streams = kop !== null && kop.positie === headPositie ? kop.streams : new Map<string, number>();
    if (streams.size >= KOP_STREAMS && !streams.has(streamId)) streams.clear();
    streams.set(streamId, last.streamVersion);
    return { result, nieuwKop: { positie: last.positie, kopHash: last.hash, recordedAtMs, streams } };
  }

  async findIdempotency(gemeente: GemeenteCode, sleutel: string): Promise<StoredIdempotency | null> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await this.findIdempotencyWith(runner, gemeente, sleutel);
    } finally {
      await runner.release();
    }
  }

  private async findIdempotencyWith(runner: QueryRunner, gemeente: GemeenteCode, sleutel: string): Promise<StoredIdempotency | null> {
    const rows = (await runner.query(
      `SELECT request_hash, resultaat FROM idempotency_keys WHERE gemeente = $1 AND sleutel = $2`,
      [gemeente, sleutel],
    )) as { request_hash: string; resultaat: AppendResult }[];
    return rows.length === 0 ? null : { requestHash: rows[0].request_hash, resultaat: rows[0].resultaat };
  }

  async readStream(streamId: string, options: { naVersie?: number; limit?: number } = {}): Promise<RecordedEvent[]> {
    const limit = Math.min(options.limit ?? MAX_BATCH_SIZE_EVENTS, MAX_BATCH_SIZE_EVENTS);
    const rows = (await this.dataSource.query(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version LIMIT $3`,
      [streamId, options.naVersie ?? 0, limit],
    )) as EventRow[];
    return rows.map(toRecordedEvent);
  }

  async readLog(gemeente: GemeenteCode, options: { naPositie: number; limit: number; totPositie?: number }): Promise<RecordedEvent[]> {
    const limit = Math.min(options.limit, MAX_BATCH_SIZE_EVENTS);
    const rows = (await this.dataSource.query(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE gemeente = $1 AND positie > $2 AND ($3::bigint IS NULL OR positie <= $3)
       ORDER BY positie LIMIT $4`,
      [gemeente, options.naPositie, options.totPositie ?? null, limit],
    )) as EventRow[];
    return rows.map(toRecordedEvent);
  }

  async readByTags(gemeente: GemeenteCode, tags: string[], options: { naPositie?: number; totPositie?: number } = {}): Promise<RecordedEvent[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE gemeente = $1 AND tags && $2::text[] AND positie > $3 AND ($4::bigint IS NULL OR positie <= $4)
       ORDER BY positie`,
      [gemeente, tags, options.naPositie ?? 0, options.totPositie ?? null],
    )) as EventRow[];
    return rows.map(toRecordedEvent);
  }

  async readAll(after: LogCheckpoint, limit: number): Promise<{ events: RecordedEvent[]; checkpoint: LogCheckpoint }> {
    const batchLimit = Math.min(limit, MAX_BATCH_SIZE_EVENTS);
    // A head row's position is only visible once its transaction committed, so every event up to it is there.
    const heads = await this.heads();
    const checkpoint: Record<string, number> = { ...after };
    const events: RecordedEvent[] = [];
    for (const head of heads) {
      const seen = checkpoint[head.gemeente] ?? 0;
      if (head.positie <= seen) continue;
      const remaining = batchLimit - events.length;
      if (remaining <= 0) break;
      const batch = await this.readLog(head.gemeente, { naPositie: seen, limit: remaining, totPositie: head.positie });
      events.push(...batch);
      if (batch.length > 0) checkpoint[head.gemeente] = batch[batch.length - 1].positie;
    }
    return { events, checkpoint };
  }

  async heads(): Promise<LogHead[]> {
    const rows = (await this.dataSource.query(`SELECT gemeente, positie, kop_hash FROM gemeente_logs ORDER BY gemeente`)) as {
      gemeente: string;
      positie: string;
      kop_hash: string;
    }[];
    return rows.map((row) => ({ gemeente: row.gemeente, positie: Number(row.positie), kopHash: row.kop_hash }));
  }

  async head(gemeente: GemeenteCode): Promise<LogHead | null> {
    const rows = (await this.dataSource.query(`SELECT gemeente, positie, kop_hash FROM gemeente_logs WHERE gemeente = $1`, [gemeente])) as {
      gemeente: string;
      positie: string;
      kop_hash: string;
    }[];
    return rows.length === 0 ? null : { gemeente: rows[0].gemeente, positie: Number(rows[0].positie), kopHash: rows[0].kop_hash };
  }

  async verify(gemeente: GemeenteCode, options: VerificationOptions = {}): Promise<VerificationResult> {
    const [head] = (await this.dataSource.query(`SELECT positie, kop_hash FROM gemeente_logs WHERE gemeente = $1`, [gemeente])) as {
      positie: string;
      kop_hash: string;
    }[];
    return verifyChain(gemeente, head ? { positie: Number(head.positie), kopHash: head.kop_hash } : null, options, (page) => this.readLog(gemeente, page));
  }
}

function checkExpectedVersion(streamId: string, expected: AppendOptions['expectedVersion'], currentVersion: number): void {
  if (expected === 'geen' && currentVersion !== 0) throw new ConcurrencyError(streamId, `de stream bestaat al (versie ${currentVersion})`);
  if (typeof expected === 'number' && expected !== currentVersion) {
    throw new ConcurrencyError(streamId, `verwachte versie ${expected}, huidige versie ${currentVersion}`);
  }
}

function appendResult(gemeente: GemeenteCode, streamId: string, rows: readonly RecordedEvent[]): AppendResult {
  const last = rows[rows.length - 1];
  return { gemeente, streamId, eventIds: rows.map((row) => row.eventId), eerstePositie: rows[0].positie, laatstePositie: last.positie, streamVersion: last.streamVersion };
}

/** One VALUES tuple per event; its 13 parameters are appended to `values` (after those already there). */
function eventTuples(rows: readonly RecordedEvent[], values: unknown[]): string[] {
  return rows.map((row) => {
    const base = values.length;
    values.push(
      row.gemeente, row.positie, row.eventId, row.streamId, row.streamVersion, row.type, row.schemaVersion,
      row.datum, row.recordedAt, JSON.stringify(row.data), JSON.stringify(row.metadata), row.tags, row.hash,
    );
    const p = (offset: number) => `$${base + offset}`;
    return `(${p(1)}, ${p(2)}::bigint, ${p(3)}::uuid, ${p(4)}, ${p(5)}::integer, ${p(6)}, ${p(7)}::integer, ${p(8)}::date, ${p(9)}::timestamptz, ${p(10)}::jsonb, ${p(11)}::jsonb, ${p(12)}::text[], ${p(13)})`;
  });
}

/** A unique violation on (stream_id, stream_version) can only mean a concurrent append won. */
function translateUniqueViolation(error: unknown, streamId: string): unknown {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? (error as { code?: string; constraint?: string });
  if (driverError?.code === '23505' && driverError.constraint === 'events_stream_version_uq') {
    return new ConcurrencyError(streamId, 'een gelijktijdige append won');
  }
  return error;
}
