import type { GemeenteCode } from '../domain/shared/begrippen';
import type { EventMetadata, RecordedEvent } from '../domain/shared/recorded-event';

/** An event ready to be appended; the store adds position, stream version, recordedAt and hash. */
export interface NewEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  datum: string;
  data: unknown;
  metadata: EventMetadata;
  tags: string[];
}

/** `'geen'`: the stream must not exist yet; a number: the stream's current version must equal it; `'elke'`: no check. */
export type ExpectedVersion = number | 'geen' | 'elke';

/**
 * A consistency condition beyond the stream (the "dynamic consistency boundary" idea): the append fails
 * when the gemeente's log has an event after `naPositie` that carries one of `tags` and one of `types`.
 * A reserve withdrawal uses it so that two withdrawals in different budget years cannot both spend
 * the same balance.
 */
export interface AppendCondition {
  naPositie: number;
  tags: string[];
  types: string[];
}

export interface IdempotencyRecord {
  sleutel: string;
  requestHash: string;
}

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  condition?: AppendCondition;
  idempotency?: IdempotencyRecord;
}

export interface AppendResult {
  gemeente: GemeenteCode;
  streamId: string;
  eventIds: string[];
  /** Position of the first and last appended event in the gemeente's log. */
  eerstePositie: number;
  laatstePositie: number;
  /** The stream's version after the append. */
  streamVersion: number;
}

/** A stored idempotency key: the hash of the first request and the result it got. */
export interface StoredIdempotency {
  requestHash: string;
  resultaat: AppendResult;
}

/** Where a reader of everything stands: the last position it processed per gemeente. */
export type LogCheckpoint = Readonly<Record<GemeenteCode, number>>;

export interface LogHead {
  gemeente: GemeenteCode;
  positie: number;
  kopHash: string;
}

export interface VerificationOptions {
  /**
   * Verify only up to this position (an auditor re-checking a head written down earlier). A position
   * beyond the log's present end makes the chain invalid, naming the first missing position: events
   * deleted from the end are caught even when the head row was wound back with them.
   */
  totPositie?: number;
  /** The head hash the auditor wrote down for `totPositie` (or for the head). */
  verwachteHash?: string;
}

export interface VerificationResult {
  gemeente: GemeenteCode;
  geldig: boolean;
  aantalEvents: number;
  kopPositie: number;
  kopHash: string;
  eersteFout: null | { positie: number; reden: string };
}

export const MAX_BATCH_SIZE_EVENTS = 10_000;
/** The most events one append may carry, on every adapter. */
export const MAX_EVENTS_PER_APPEND = 1000;

/**
 * The event-store port. Adapters: PostgreSQL (default) and KurrentDB. One contract-test suite
 * (test/integration/event-store.contract.ts) runs against every adapter.
 */
export interface EventStore {
  /** Appends atomically: all events or none. Throws `ConcurrencyError` on a version or condition mismatch. */
  append(gemeente: GemeenteCode, streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  findIdempotency(gemeente: GemeenteCode, sleutel: string): Promise<StoredIdempotency | null>;
  readStream(streamId: string, options?: { naVersie?: number; limit?: number }): Promise<RecordedEvent[]>;
  /** One gemeente's log in position order, after `naPositie`, at most `limit` events. */
  readLog(gemeente: GemeenteCode, options: { naPositie: number; limit: number; totPositie?: number }): Promise<RecordedEvent[]>;
  /** The events at these positions of one gemeente's log, in position order (the history read model's references). */
  readPosities(gemeente: GemeenteCode, posities: readonly number[]): Promise<RecordedEvent[]>;
  /** Events carrying any of `tags`, in position order, after `naPositie` up to `totPositie` (histories, reserve balances). */
  readByTags(gemeente: GemeenteCode, tags: string[], options?: { naPositie?: number; totPositie?: number }): Promise<RecordedEvent[]>;
  /** Everything after a checkpoint, in bounded batches; within a gemeente strictly in position order. */
  readAll(after: LogCheckpoint, limit: number): Promise<{ events: RecordedEvent[]; checkpoint: LogCheckpoint }>;
  heads(): Promise<LogHead[]>;
  /** One gemeente's head, or null before its first event. */
  head(gemeente: GemeenteCode): Promise<LogHead | null>;
  verify(gemeente: GemeenteCode, options?: VerificationOptions): Promise<VerificationResult>;
  /** Readiness of a store that lives apart from PostgreSQL (KurrentDB); absent where PostgreSQL's own check covers it. */
  bereikbaar?(): Promise<boolean>;
}

export const EVENT_STORE = Symbol('EventStore');
