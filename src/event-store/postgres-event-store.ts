import { DatabaseError, type PoolClient } from 'pg';
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
const READ_STREAM_SQL = `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version LIMIT $3`;


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
 * Fast-path writes of different gemeenten that go out together in one statement, at most this many
 * appends and (roughly) this many events: the events of one append are never split.
 */
const MAX_BUNDEL_APPENDS = 64;
const MAX_BUNDEL_EVENTS = 1000;
/** Bundles on their way to PostgreSQL at once: one forms while another commits. */
const MAX_BUNDELS_ONDERWEG = 2;

/**
 * A JSON array parameter as a jsonb[] in its order. The events' data and metadata travel as one JSON
 * array each, not as a jsonb[] literal: node-postgres escapes every element of an array literal, which
 * for a 100,000-line import (20 events of ~300 kB) made ~96 MB of garbage against ~5 MB for one JSON
 * text (measured), and that garbage decided the import's peak memory.
 */
const jsonLijst = (parameter: string) => `ARRAY(SELECT element FROM jsonb_array_elements(${parameter}::jsonb) WITH ORDINALITY AS l (element, n) ORDER BY n)`;

/**
 * The fast path's one statement (see `PostgresEventStore`) for the appends of one bundle, each of
 * another gemeente. $1–$13: per append (one array element each) the gemeente, its head as remembered
 * and as it will be, recordedAt, the stream and its version as assumed, the idempotency key with its
 * request hash and the result to store, and the append condition; $14–$26: the events, one array per
 * column (data and metadata as JSON arrays, see jsonLijst). Arrays keep the text, and so its plan, the
 * same for any number of appends and events.
 * An append whose head moved, or whose stream version, idempotency key or condition is not as assumed,
 * writes nothing; the others are written. `koppen` names the gemeenten that were written.
 */
const APPEND_BUNDEL_SQL = `
  WITH opdracht AS (
    SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::timestamptz[], $6::text[], $7::integer[],
                         $8::text[], $9::text[], $10::jsonb[], $11::bigint[], $12::jsonb[], $13::jsonb[])
      AS o (gemeente, oud, nieuw, kop_hash, recorded_at, stream_id, versie, sleutel, request_hash, resultaat, na_positie, tags, types)
  ), kop AS (
    UPDATE gemeente_logs g SET positie = o.nieuw, kop_hash = o.kop_hash, laatst_recorded_at = o.recorded_at
    FROM opdracht o
    WHERE g.gemeente = o.gemeente AND g.positie = o.oud
      AND (SELECT coalesce(max(e.stream_version), 0) FROM events e WHERE e.stream_id = o.stream_id) = o.versie
      AND NOT EXISTS (SELECT 1 FROM idempotency_keys i WHERE o.sleutel IS NOT NULL AND i.gemeente = o.gemeente AND i.sleutel = o.sleutel)
      AND NOT EXISTS (SELECT 1 FROM events e WHERE o.na_positie IS NOT NULL AND e.gemeente = o.gemeente AND e.positie > o.na_positie
                        AND e.tags && ARRAY(SELECT jsonb_array_elements_text(o.tags))
                        AND e.type = ANY (ARRAY(SELECT jsonb_array_elements_text(o.types))))
    RETURNING g.gemeente
  ), nieuw AS (
    INSERT INTO events (gemeente, positie, event_id, stream_id, stream_version, type, schema_version, datum, recorded_at, data, metadata, tags, hash)
    SELECT e.gemeente, e.positie, e.event_id, e.stream_id, e.stream_version, e.type, e.schema_version, e.datum, e.recorded_at, e.data, e.metadata,
           ARRAY(SELECT jsonb_array_elements_text(e.tags)), e.hash
    FROM unnest($14::text[], $15::bigint[], $16::uuid[], $17::text[], $18::integer[], $19::text[], $20::integer[], $21::date[],
                $22::timestamptz[], ${jsonLijst('$23')}, ${jsonLijst('$24')}, $25::jsonb[], $26::text[])
      AS e (gemeente, positie, event_id, stream_id, stream_version, type, schema_version, datum, recorded_at, data, metadata, tags, hash)
    WHERE e.gemeente IN (SELECT gemeente FROM kop)
    RETURNING gemeente
  ), sleutel AS (
    INSERT INTO idempotency_keys (gemeente, sleutel, request_hash, resultaat)
    SELECT o.gemeente, o.sleutel, o.request_hash, o.resultaat FROM opdracht o
    WHERE o.sleutel IS NOT NULL AND o.gemeente IN (SELECT gemeente FROM kop)
  )
  SELECT coalesce((SELECT array_agg(gemeente) FROM kop), '{}') AS koppen, (SELECT count(*) FROM nieuw) AS events`;

/**
 * The same statement for the most common bundle, one append of one event (a single writer's, or a
 * command of one event), with a parameter per value instead of arrays: PostgreSQL then parses no array
 * literals, unnests nothing and materialises no CTE of requests, which cut the statement's execution time
 * by about a third (bench/RESULTATEN-append.md). Parameters as in APPEND_BUNDEL_SQL, each the one element,
 * except $12 and $13 (the condition's tags and types) and $25 (the event's tags): text arrays.
 * Every check is the bundle statement's; keep the two in step.
 */
const APPEND_EEN_SQL = `
  WITH kop AS (
    UPDATE gemeente_logs g SET positie = $3, kop_hash = $4, laatst_recorded_at = $5
    WHERE g.gemeente = $1 AND g.positie = $2
      AND (SELECT coalesce(max(e.stream_version), 0) FROM events e WHERE e.stream_id = $6) = $7
      AND ($8::text IS NULL OR NOT EXISTS (SELECT 1 FROM idempotency_keys i WHERE i.gemeente = $1 AND i.sleutel = $8))
      AND ($11::bigint IS NULL OR NOT EXISTS (SELECT 1 FROM events e WHERE e.gemeente = $1 AND e.positie > $11
                                                 AND e.tags && $12::text[] AND e.type = ANY ($13::text[])))
    RETURNING g.gemeente
  ), nieuw AS (
    INSERT INTO events (gemeente, positie, event_id, stream_id, stream_version, type, schema_version, datum, recorded_at, data, metadata, tags, hash)
    SELECT $14, $15::bigint, $16::uuid, $17, $18::integer, $19, $20::integer, $21::date, $22::timestamptz, $23::jsonb, $24::jsonb, $25::text[], $26
    FROM kop WHERE kop.gemeente = $14
    RETURNING gemeente
  ), sleutel AS (
    INSERT INTO idempotency_keys (gemeente, sleutel, request_hash, resultaat)
    SELECT kop.gemeente, $8, $9, $10::jsonb FROM kop WHERE $8::text IS NOT NULL
  )
  SELECT coalesce((SELECT array_agg(gemeente) FROM kop), '{}') AS koppen, (SELECT count(*) FROM nieuw) AS events`;

/** One gemeente's fast-path write, waiting in the bundle. */
interface Schrijfopdracht {
  gemeente: GemeenteCode;
  kop: Kop;
  rows: RecordedEvent[];
  options: AppendOptions;
  resultaat: AppendResult;
  /** true: written; false: the guess did not hold and nothing was written. */
  klaar(geschreven: boolean): void;
  fout(error: unknown): void;
}

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
 * never invalidate each other's guess. Fast-path writes of different gemeenten that are ready while a
 * statement is on its way go out together in the next one (group commit): one round trip and one
 * commit for many writers. A bundle that fails as a whole (one append reused an event id, say) is
 * retried append by append, so each caller gets its own answer.
 *
 * recordedAt is this service's clock, never earlier than the previous event's of the gemeente: it
 * follows position order even if a clock steps back (as in the KurrentDB adapter).
 */
export class PostgresEventStore implements EventStore {
  private readonly wachtrij = new WachtrijPerSleutel<GemeenteCode>(MAX_WACHTENDE_APPENDS);
  private readonly koppen = new LruCache<GemeenteCode, Kop>(KOP_CACHE_GEMEENTEN);
  private readonly bundel: Schrijfopdracht[] = [];
  private bundelsOnderweg = 0;

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
    const recordedAtMs = Math.max(this.clock.now().getTime(), kop.recordedAtMs);
    const recordedAt = new Date(recordedAtMs).toISOString();
    const rows = chainEvents({ gemeente, head: kop, streamId, streamVersion: currentVersion, recordedAt }, events);
    const last = rows[rows.length - 1];
    const result = appendResult(gemeente, streamId, rows);
    const geschreven = await new Promise<boolean>((klaar, fout) => {
      this.bundel.push({ gemeente, kop, rows, options, resultaat: result, klaar, fout });
      if (this.bundelsOnderweg < MAX_BUNDELS_ONDERWEG) void this.verstuurBundels();
    });
    if (!geschreven) return null;
    this.onthoudKop(gemeente, last, recordedAtMs, kop.streams);
    return result;
  }

  /** Sends the waiting writes in bundles until none wait. Never throws: each write's outcome goes to its caller. */
  private async verstuurBundels(): Promise<void> {
    this.bundelsOnderweg++;
    try {
      // Bounded: every turn takes at least one waiting write.
      while (this.bundel.length > 0) {
        let events = 0;
        let aantal = 0;
        while (aantal < this.bundel.length && aantal < MAX_BUNDEL_APPENDS && (aantal === 0 || events + this.bundel[aantal].rows.length <= MAX_BUNDEL_EVENTS)) {
          events += this.bundel[aantal].rows.length;
          aantal++;
        }
        // In gemeente order: two instances whose bundles share gemeenten then lock their head rows in the
        // same order (a deadlock would cost PostgreSQL's one-second detection and a retry one by one).
        await this.schrijfBundel(this.bundel.splice(0, aantal).sort((a, b) => (a.gemeente < b.gemeente ? -1 : a.gemeente > b.gemeente ? 1 : 0)));
      }
    } finally {
      this.bundelsOnderweg--;
    }
  }

  private async schrijfBundel(opdrachten: Schrijfopdracht[]): Promise<void> {
    let uitkomst: { koppen: Set<string>; events: number };
    try {
      uitkomst = await this.voerBundelUit(opdrachten);
    } catch (error) {
      // PostgreSQL refused the statement: none of it was written, so each append is tried on its own and
      // gets its own answer (a reused event id fails only its own append). Any other failure, such as a
      // lost connection, may have come after the commit: trying again could book twice, so every caller
      // hears it, as it would from an append of its own.
      if (opdrachten.length > 1 && isGeweigerd(error)) {
        for (const opdracht of opdrachten) await this.schrijfBundel([opdracht]);
      } else {
        for (const opdracht of opdrachten) opdracht.fout(error);
      }
      return;
    }
    const verwacht = opdrachten.filter((opdracht) => uitkomst.koppen.has(opdracht.gemeente)).reduce((som, opdracht) => som + opdracht.rows.length, 0);
    if (uitkomst.events !== verwacht) {
      const error = new Error(`append schreef ${uitkomst.events} van ${verwacht} events`);
      for (const opdracht of opdrachten) opdracht.fout(error);
      return;
    }
    for (const opdracht of opdrachten) opdracht.klaar(uitkomst.koppen.has(opdracht.gemeente));
  }

  /** One statement for the bundle: the gemeenten whose appends were written, and how many events were. */
  private async voerBundelUit(opdrachten: readonly Schrijfopdracht[]): Promise<{ koppen: Set<string>; events: number }> {
    if (opdrachten.length === 1 && opdrachten[0].rows.length === 1) return this.voerEenUit(opdrachten[0]);
    const per = <T>(waarde: (opdracht: Schrijfopdracht) => T) => opdrachten.map(waarde);
    const rows = opdrachten.flatMap((opdracht) => opdracht.rows);
    const kolom = <T>(waarde: (row: RecordedEvent) => T) => rows.map(waarde);
    const values: unknown[] = [
      per((o) => o.gemeente), per((o) => o.kop.positie), per((o) => o.resultaat.laatstePositie), per((o) => o.rows[o.rows.length - 1].hash),
      per((o) => o.rows[0].recordedAt), per((o) => o.resultaat.streamId), per((o) => o.rows[0].streamVersion - 1),
      per((o) => o.options.idempotency?.sleutel ?? null), per((o) => o.options.idempotency?.requestHash ?? null),
      per((o) => (o.options.idempotency ? JSON.stringify(o.resultaat) : null)),
      per((o) => o.options.condition?.naPositie ?? null), per((o) => (o.options.condition ? JSON.stringify(o.options.condition.tags) : null)),
      per((o) => (o.options.condition ? JSON.stringify(o.options.condition.types) : null)),
      kolom((row) => row.gemeente), kolom((row) => row.positie), kolom((row) => row.eventId), kolom((row) => row.streamId), kolom((row) => row.streamVersion),
      kolom((row) => row.type), kolom((row) => row.schemaVersion), kolom((row) => row.datum), kolom((row) => row.recordedAt),
      JSON.stringify(kolom((row) => row.data)), JSON.stringify(kolom((row) => row.metadata)), kolom((row) => JSON.stringify(row.tags)), kolom((row) => row.hash),
    ];
    // Prepared: parsing and planning this statement each time was a third of its cost.
    const [uitkomst] = await this.voorbereid<{ koppen: string[]; events: string }>('begroot-append-bundel', APPEND_BUNDEL_SQL, values);
    return { koppen: new Set(uitkomst.koppen), events: Number(uitkomst.events) };
  }

  /** One append of one event: APPEND_EEN_SQL, with the values APPEND_BUNDEL_SQL would take as one-element arrays. */
  private async voerEenUit(opdracht: Schrijfopdracht): Promise<{ koppen: Set<string>; events: number }> {
    const [row] = opdracht.rows;
    const { idempotency, condition } = opdracht.options;
    const values: unknown[] = [
      opdracht.gemeente, opdracht.kop.positie, opdracht.resultaat.laatstePositie, row.hash,
      row.recordedAt, opdracht.resultaat.streamId, row.streamVersion - 1,
      idempotency?.sleutel ?? null, idempotency?.requestHash ?? null, idempotency ? JSON.stringify(opdracht.resultaat) : null,
      condition?.naPositie ?? null, condition?.tags ?? null, condition?.types ?? null,
      row.gemeente, row.positie, row.eventId, row.streamId, row.streamVersion,
      row.type, row.schemaVersion, row.datum, row.recordedAt,
      JSON.stringify(row.data), JSON.stringify(row.metadata), row.tags, row.hash,
    ];
    const [uitkomst] = await this.voorbereid<{ koppen: string[]; events: string }>('begroot-append-een', APPEND_EEN_SQL, values);
    return { koppen: new Set(uitkomst.koppen), events: Number(uitkomst.events) };
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
    // Every command reads its streams first: prepared once per connection, it is not planned again each time.
    const rows = await this.voorbereid<EventRow>('begroot-read-stream', READ_STREAM_SQL, [streamId, options.naVersie ?? 0, limit]);
    return rows.map(toRecordedEvent);
  }

  /** A named (prepared) statement on a pooled connection: PostgreSQL parses and plans it once per connection. */
  private async voorbereid<R extends object>(name: string, text: string, values: unknown[]): Promise<R[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      return (await client.query<R>({ name, text, values })).rows;
    } finally {
      await runner.release();
    }
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

  async readPosities(gemeente: GemeenteCode, posities: readonly number[]): Promise<RecordedEvent[]> {
    if (posities.length === 0) return [];
    const rows = (await this.dataSource.query(`SELECT ${EVENT_COLUMNS} FROM events WHERE gemeente = $1 AND positie = ANY($2::bigint[]) ORDER BY positie`, [gemeente, posities])) as EventRow[];
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

/** PostgreSQL refused a statement (an error of the statement, not of the session or the connection): nothing of it was written. */
function isGeweigerd(error: unknown): boolean {
  return error instanceof DatabaseError && error.severity === 'ERROR';
}

/** A unique violation on (stream_id, stream_version) can only mean a concurrent append won. */
function translateUniqueViolation(error: unknown, streamId: string): unknown {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? (error as { code?: string; constraint?: string });
  if (driverError?.code === '23505' && driverError.constraint === 'events_stream_version_uq') {
    return new ConcurrencyError(streamId, 'een gelijktijdige append won');
  }
  return error;
}
