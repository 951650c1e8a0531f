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

/**
 * The PostgreSQL adapter. An append takes the gemeente's head row lock (`gemeente_logs … FOR UPDATE`)
 * and holds it until commit: positions are gapless and commit order equals position order, which is
 * what lets a catch-up reader trust "position > checkpoint". See migrations/…-EventStore.ts.
 */
export class PostgresEventStore implements EventStore {
  constructor(private readonly dataSource: DataSource) {}

  async append(gemeente: GemeenteCode, streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append zonder events');
    if (events.length > MAX_EVENTS_PER_APPEND) throw new Error(`append van meer dan ${MAX_EVENTS_PER_APPEND} events`);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('READ COMMITTED');
      const result = await this.appendInTransaction(runner, gemeente, streamId, events, options);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw translateUniqueViolation(error, streamId);
    } finally {
      await runner.release();
    }
  }

  private async appendInTransaction(
    runner: QueryRunner,
    gemeente: GemeenteCode,
    streamId: string,
    events: NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
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
        return stored.resultaat;
      }
    }

    const [{ versie }] = (await runner.query(
      `SELECT coalesce(max(stream_version), 0) AS versie FROM events WHERE stream_id = $1`,
      [streamId],
    )) as { versie: number }[];
    const currentVersion = Number(versie);
    const expected = options.expectedVersion;
    if (expected === 'geen' && currentVersion !== 0) throw new ConcurrencyError(streamId, `de stream bestaat al (versie ${currentVersion})`);
    if (typeof expected === 'number' && expected !== currentVersion) {
      throw new ConcurrencyError(streamId, `verwachte versie ${expected}, huidige versie ${currentVersion}`);
    }
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
    const [{ nu }] = (await runner.query(
      `SELECT greatest(date_trunc('milliseconds', clock_timestamp()), $1::timestamptz) AS nu`,
      [head.laatst_recorded_at ?? new Date(0)],
    )) as { nu: Date }[];
    const recordedAt = nu.toISOString();

    const rows = chainEvents(
      { gemeente, head: { positie: Number(head.positie), kopHash: head.kop_hash }, streamId, streamVersion: currentVersion, recordedAt },
      events,
    );
    const last = rows[rows.length - 1];

    const values: unknown[] = [];
    const tuples = rows.map((row, index) => {
      const base = index * 13;
      values.push(
        row.gemeente, row.positie, row.eventId, row.streamId, row.streamVersion, row.type, row.schemaVersion,
        row.datum, row.recordedAt, JSON.stringify(row.data), JSON.stringify(row.metadata), row.tags, row.hash,
      );
      const p = (offset: number) => `$${base + offset}`;
      return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}::date, ${p(9)}::timestamptz, ${p(10)}::jsonb, ${p(11)}::jsonb, ${p(12)}::text[], ${p(13)})`;
    });
    await runner.query(
      `INSERT INTO events (gemeente, positie, event_id, stream_id, stream_version, type, schema_version, datum, recorded_at, data, metadata, tags, hash)
       VALUES ${tuples.join(', ')}`,
      values,
    );
    await runner.query(`UPDATE gemeente_logs SET positie = $2, kop_hash = $3, laatst_recorded_at = $4 WHERE gemeente = $1`, [
      gemeente, last.positie, last.hash, recordedAt,
    ]);

    const result: AppendResult = {
      gemeente,
      streamId,
      eventIds: rows.map((row) => row.eventId),
      eerstePositie: rows[0].positie,
      laatstePositie: last.positie,
      streamVersion: last.streamVersion,
    };
    if (options.idempotency) {
      await runner.query(
        `INSERT INTO idempotency_keys (gemeente, sleutel, request_hash, resultaat) VALUES ($1, $2, $3, $4::jsonb)`,
        [gemeente, options.idempotency.sleutel, options.idempotency.requestHash, JSON.stringify(result)],
      );
    }
    return result;
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

/** A unique violation on (stream_id, stream_version) can only mean a concurrent append won. */
function translateUniqueViolation(error: unknown, streamId: string): unknown {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? (error as { code?: string; constraint?: string });
  if (driverError?.code === '23505' && driverError.constraint === 'events_stream_version_uq') {
    return new ConcurrencyError(streamId, 'een gelijktijdige append won');
  }
  return error;
}
