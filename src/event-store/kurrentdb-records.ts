import {
  type AppendStreamState,
  type EventData,
  type JSONEventType,
  type JSONType,
  jsonEvent,
  NO_STREAM,
  type Position,
  type RecordedEvent as KurrentRecord,
} from '@kurrent/kurrentdb-client';
import { createHash } from 'node:crypto';
import type { GemeenteCode } from '../domain/shared/begrippen';
import type { EventMetadata, RecordedEvent } from '../domain/shared/recorded-event';
import { canonicalJson, sha256Hex } from '../shared/canonical-json';
import type { AppendResult, IdempotencyRecord, LogCheckpoint, LogHead, NewEvent, StoredIdempotency } from './event-store.port';

/**
 * The pure half of the KurrentDB adapter: stream names, record ids, how a ledger event becomes a
 * KurrentDB record and back, and how `$all` maps onto the port's per-gemeente checkpoint. No I/O, so
 * every rule here is unit-tested without a server (kurrentdb-records.spec.ts).
 *
 * Streams the adapter writes, all under the reserved prefix `begroot-`:
 * - `begroot-log-{GM}`: the gemeente's log. Revision r holds positie r + 1, so KurrentDB's own
 *   expected-revision check on this stream serialises a gemeente's appends and makes positions gapless.
 * - the business stream itself (`begroting-GM0193-2022`, `gemeente-GM0193`): the same events again,
 *   written in the same atomic multi-stream append, so its revision is the stream version.
 * - `begroot-gemeenten`: one record per gemeente whose log exists (what `heads()` enumerates).
 * - `begroot-idempotentie-{GM}-{sha256(sleutel)}`: one record per Idempotency-Key.
 */
export const GERESERVEERD_PREFIX = 'begroot-';
export const LOG_STREAM_PREFIX = `${GERESERVEERD_PREFIX}log-`;
export const GEMEENTEN_STREAM = `${GERESERVEERD_PREFIX}gemeenten`;
export const GEMEENTE_GEOPEND_TYPE = 'GemeentelogGeopend';
export const IDEMPOTENTIE_TYPE = 'IdempotencySleutelVastgelegd';

export const logStream = (gemeente: GemeenteCode): string => `${LOG_STREAM_PREFIX}${gemeente}`;
/** Hashed: a key is client input of any length and alphabet, a stream name should not be. */
export const idempotentieStream = (gemeente: GemeenteCode, sleutel: string): string => `${GERESERVEERD_PREFIX}idempotentie-${gemeente}-${sha256Hex(sleutel)}`;
export const isGereserveerdeStream = (streamId: string): boolean => streamId.startsWith(GERESERVEERD_PREFIX);

/** Version of the record layout below; a reader refuses a layout it does not know instead of guessing. */
export const OPSLAG_VERSIE = '1';

/**
 * The metadata keys of a ledger record, all in our own namespace. Multi-stream append accepts only
 * string values (the client checks it), so structured fields travel as JSON text. KurrentDB's legacy
 * `$correlationId`/`$causationId` keys are left out: whether the server keeps `$`-keys it did not set
 * itself on this path could not be checked here, and the ids are in `begroot.metadata` anyway.
 */
const M = {
  opslag: 'begroot.opslag',
  eventId: 'begroot.eventId',
  gemeente: 'begroot.gemeente',
  positie: 'begroot.positie',
  streamId: 'begroot.streamId',
  streamVersion: 'begroot.streamVersion',
  schemaVersion: 'begroot.schemaVersion',
  datum: 'begroot.datum',
  recordedAt: 'begroot.recordedAt',
  tags: 'begroot.tags',
  metadata: 'begroot.metadata',
  hash: 'begroot.hash',
} as const;

type RecordMetadata = Record<string, string>;
export type LedgerRecord = EventData<JSONEventType<string, JSONType, RecordMetadata>>;

/** A record the adapter cannot read as a ledger event: written by something else, or by a newer layout. */
export class OnleesbaarRecordError extends Error {
  constructor(streamId: string, revision: bigint, reden: string) {
    super(`record ${revision} van ${streamId} is geen leesbaar Begroot-event: ${reden}`);
    this.name = 'OnleesbaarRecordError';
  }
}

/**
 * A deterministic UUID from SHA-256 (RFC 9562 version 8, the layout for name-based ids with a hash other
 * than SHA-1). The same input always gives the same id, which is what lets KurrentDB recognise a
 * repeated write of the same records.
 */
export function uuidUitSha256(tekst: string): string {
  const bytes = createHash('sha256').update(tekst, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The record ids of an append: one for the log copy and one for the business-stream copy of each event.
 * With an Idempotency-Key they derive from the key and the request hash, so a retried command writes
 * records with the same ids (a second decision gets fresh event ids, its records do not); without one
 * they derive from the event id.
 */
export function recordIds(gemeente: GemeenteCode, events: readonly NewEvent[], idempotency?: IdempotencyRecord): { log: string; stroom: string }[] {
  return events.map((event, index) => {
    const bron = idempotency ? `sleutel\n${gemeente}\n${idempotency.sleutel}\n${idempotency.requestHash}\n${index}` : `event\n${event.eventId}`;
    return { log: uuidUitSha256(`${bron}\nlog`), stroom: uuidUitSha256(`${bron}\nstroom`) };
  });
}

/** KurrentDB's expected state for a stream that must be at `versie` (versie 0: the stream does not exist). */
export function verwachteStaat(versie: number): AppendStreamState {
  if (!Number.isSafeInteger(versie) || versie < 0) throw new RangeError(`ongeldige streamversie ${versie}`);
  return versie === 0 ? NO_STREAM : BigInt(versie - 1);
}

/** The stream version a revision stands for (the revision of a stream's first record is 0). */
export const versieVan = (revision: bigint | 'no_stream'): number => (revision === 'no_stream' ? 0 : Number(revision) + 1);

function isJsonData(value: unknown): value is JSONType {
  return typeof value === 'string' || (typeof value === 'object' && value !== null);
}

/** The KurrentDB record of a chained ledger event: its own type and data, the envelope and hash in metadata. */
export function naarRecord(event: RecordedEvent, id: string): LedgerRecord {
  if (!isJsonData(event.data)) throw new TypeError(`${event.type}: KurrentDB bewaart alleen een JSON-object, -lijst of -tekst als data`);
  const metadata: RecordMetadata = {
    [M.opslag]: OPSLAG_VERSIE,
    [M.eventId]: event.eventId,
    [M.gemeente]: event.gemeente,
    [M.positie]: String(event.positie),
    [M.streamId]: event.streamId,
    [M.streamVersion]: String(event.streamVersion),
    [M.schemaVersion]: String(event.schemaVersion),
    [M.datum]: event.datum,
    [M.recordedAt]: event.recordedAt,
    [M.tags]: JSON.stringify(event.tags),
    [M.metadata]: JSON.stringify(event.metadata),
    [M.hash]: event.hash,
  };
  return jsonEvent<JSONEventType<string, JSONType, RecordMetadata>>({ id, type: event.type, data: event.data, metadata });
}

/** The ledger event a record holds; the exact inverse of `naarRecord`, so the hash recomputes. */
export function vanRecord(record: KurrentRecord): RecordedEvent {
  const fout = (reden: string) => new OnleesbaarRecordError(record.streamId, record.revision, reden);
  if (!record.isJson) throw fout('de data is geen JSON');
  const metadata = record.metadata;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata) || metadata instanceof Uint8Array) throw fout('metadata ontbreekt');
  const veld = (sleutel: string): string => {
    const waarde = (metadata as Record<string, unknown>)[sleutel];
    if (typeof waarde !== 'string') throw fout(`metadataveld ${sleutel} ontbreekt`);
    return waarde;
  };
  const geheel = (sleutel: string): number => {
    const tekst = veld(sleutel);
    if (!/^(0|[1-9]\d{0,15})$/.test(tekst)) throw fout(`metadataveld ${sleutel} is geen geheel getal: "${tekst}"`);
    return Number(tekst);
  };
  const json = <T>(sleutel: string): T => {
    try {
      return JSON.parse(veld(sleutel)) as T;
    } catch {
      throw fout(`metadataveld ${sleutel} is geen JSON`);
    }
  };
  const opslag = veld(M.opslag);
  if (opslag !== OPSLAG_VERSIE) throw fout(`onbekende opslagversie ${opslag}`);
  return {
    eventId: veld(M.eventId),
    type: record.type,
    schemaVersion: geheel(M.schemaVersion),
    gemeente: veld(M.gemeente),
    streamId: veld(M.streamId),
    streamVersion: geheel(M.streamVersion),
    positie: geheel(M.positie),
    recordedAt: veld(M.recordedAt),
    datum: veld(M.datum),
    data: record.data,
    metadata: json<EventMetadata>(M.metadata),
    tags: json<string[]>(M.tags),
    hash: veld(M.hash),
  };
}

/** The head of a gemeente's log as its last record says, with the moment it was recorded (which the next append must not precede). */
export interface Kop extends LogHead {
  recordedAt: string;
}

export const kopVan = (laatste: RecordedEvent): Kop => ({ gemeente: laatste.gemeente, positie: laatste.positie, kopHash: laatste.hash, recordedAt: laatste.recordedAt });

/** The record of `begroot-gemeenten` that names a gemeente whose log was opened. */
export const gemeenteRecord = (gemeente: GemeenteCode): LedgerRecord =>
  jsonEvent<JSONEventType<string, JSONType, RecordMetadata>>({ id: uuidUitSha256(`gemeente\n${gemeente}`), type: GEMEENTE_GEOPEND_TYPE, data: { gemeente }, metadata: {} });

export function gemeenteVanRecord(record: KurrentRecord): GemeenteCode {
  const data = record.data as { gemeente?: unknown };
  if (record.type !== GEMEENTE_GEOPEND_TYPE || typeof data?.gemeente !== 'string') throw new OnleesbaarRecordError(record.streamId, record.revision, 'geen gemeentelog-record');
  return data.gemeente;
}

/** The record that stores an Idempotency-Key with the hash of its request and the result it got. */
export function idempotentieRecord(gemeente: GemeenteCode, idempotency: IdempotencyRecord, resultaat: AppendResult): LedgerRecord {
  return jsonEvent<JSONEventType<string, JSONType, RecordMetadata>>({
    id: uuidUitSha256(`sleutel\n${gemeente}\n${idempotency.sleutel}\n${idempotency.requestHash}\nidempotentie`),
    type: IDEMPOTENTIE_TYPE,
    data: { gemeente, sleutel: idempotency.sleutel, requestHash: idempotency.requestHash, resultaat: { ...resultaat, eventIds: [...resultaat.eventIds] } },
    metadata: {},
  });
}

export function idempotentieVanRecord(record: KurrentRecord): StoredIdempotency {
  const data = record.data as { requestHash?: unknown; resultaat?: unknown };
  if (record.type !== IDEMPOTENTIE_TYPE || typeof data?.requestHash !== 'string' || typeof data.resultaat !== 'object' || data.resultaat === null) {
    throw new OnleesbaarRecordError(record.streamId, record.revision, 'geen idempotency-record');
  }
  return { requestHash: data.requestHash, resultaat: data.resultaat as AppendResult };
}

/** Orders `$all` positions: by commit position, then prepare position. */
export function vergelijkPosities(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** The earliest of some `$all` positions, or null for none. */
export function vroegstePositie(posities: readonly Position[]): Position | null {
  let vroegste: Position | null = null;
  for (const positie of posities) if (vroegste === null || vergelijkPosities(positie, vroegste) < 0) vroegste = positie;
  return vroegste;
}

/** A checkpoint as a key: gemeenten at 0 are the same as absent ones. */
export function checkpointSleutel(checkpoint: LogCheckpoint): string {
  return canonicalJson(Object.fromEntries(Object.entries(checkpoint).filter(([, positie]) => positie > 0)));
}

/**
 * Takes from log records read off `$all` (in `$all` order) what a reader at `checkpoint` has not seen
 * yet, at most `limit`. A record at or below the reader's position for its gemeente is skipped (a
 * resumed read may start on the record it already has). `verwerkt` counts the records consumed, so the
 * caller knows from which record to resume. A gap within a gemeente cannot occur when the read started
 * where it should; it throws instead of skipping events silently.
 */
export function neemOngezien(
  checkpoint: LogCheckpoint,
  records: readonly RecordedEvent[],
  limit: number,
): { events: RecordedEvent[]; checkpoint: Record<GemeenteCode, number>; verwerkt: number } {
  const volgende: Record<GemeenteCode, number> = { ...checkpoint };
  const events: RecordedEvent[] = [];
  let verwerkt = 0;
  for (const record of records) {
    const gezien = volgende[record.gemeente] ?? 0;
    if (record.positie > gezien) {
      if (record.positie !== gezien + 1) {
        throw new Error(`readAll: positie ${record.positie} van ${record.gemeente} volgt niet op ${gezien}; de leespositie in $all klopt niet`);
      }
      if (events.length >= limit) break;
      events.push(record);
      volgende[record.gemeente] = record.positie;
    }
    verwerkt += 1;
  }
  return { events, checkpoint: volgende, verwerkt };
}
