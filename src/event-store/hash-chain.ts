import type { GemeenteCode } from '../domain/shared/begrippen';
import type { RecordedEvent } from '../domain/shared/recorded-event';
import { sha256HexVanCanoniek } from '../shared/canonical-json';
import type { LogHead, NewEvent, VerificationOptions, VerificationResult } from './event-store.port';

/** The hash before a gemeente's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The chain link of one event: SHA-256 over the previous event's hash and the canonical serialisation of
 * everything the event says (position, stream, type, dates, data, metadata, tags). Changing any of these,
 * deleting an event or swapping two breaks the chain at the first affected position.
 */
export function chainHash(previousHash: string, event: Omit<RecordedEvent, 'hash'>): string {
  return sha256HexVanCanoniek(`${previousHash}\n`, {
    eventId: event.eventId,
    gemeente: event.gemeente,
    positie: event.positie,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    type: event.type,
    schemaVersion: event.schemaVersion,
    datum: event.datum,
    recordedAt: event.recordedAt,
    data: event.data,
    metadata: event.metadata,
    tags: event.tags,
  });
}

/**
 * Recomputes a chain incrementally over events in position order. Pure, so an auditor's stand-alone
 * tool and the service share the same rule.
 */
export class ChainVerifier {
  private previousHash = GENESIS_HASH;
  private expectedPositie = 1;
  count = 0;
  firstError: { positie: number; reden: string } | null = null;

  /** Returns false once the chain is broken; later events are not checked. */
  accept(event: RecordedEvent): boolean {
    if (this.firstError) return false;
    if (event.positie !== this.expectedPositie) {
      this.firstError = {
        positie: this.expectedPositie,
        reden: `positie ${this.expectedPositie} ontbreekt (gevonden: ${event.positie}); een event is verwijderd of verplaatst`,
      };
      return false;
    }
    const { hash, ...rest } = event;
    const recomputed = chainHash(this.previousHash, rest);
    if (recomputed !== hash) {
      this.firstError = {
        positie: event.positie,
        reden: `de hash van positie ${event.positie} klopt niet: het event of een voorganger is gewijzigd`,
      };
      return false;
    }
    this.previousHash = hash;
    this.expectedPositie += 1;
    this.count += 1;
    return true;
  }

  get headHash(): string {
    return this.previousHash;
  }

  get headPositie(): number {
    return this.expectedPositie - 1;
  }
}

/** Normalises a value to what JSON keeps of it, so the hash is computed over what a store gives back. */
export const asStoredJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * Where an append continues a gemeente's log: the head it found, the appended stream's current version
 * and the moment the store records. Every adapter chains its events with `chainEvents`, so both stores
 * hash exactly the same fields the same way.
 */
export interface ChainStart {
  gemeente: GemeenteCode;
  head: Pick<LogHead, 'positie' | 'kopHash'>;
  streamId: string;
  streamVersion: number;
  recordedAt: string;
}

/** The events as they will be stored: positions after the head, stream versions after the stream's, each hash chained to the one before. */
export function chainEvents(start: ChainStart, events: readonly NewEvent[]): RecordedEvent[] {
  let previousHash = start.head.kopHash;
  let positie = start.head.positie;
  let streamVersion = start.streamVersion;
  const recorded: RecordedEvent[] = [];
  for (const event of events) {
    positie += 1;
    streamVersion += 1;
    const unsigned: Omit<RecordedEvent, 'hash'> = {
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      gemeente: start.gemeente,
      streamId: start.streamId,
      streamVersion,
      positie,
      recordedAt: start.recordedAt,
      datum: event.datum,
      data: asStoredJson(event.data),
      metadata: asStoredJson(event.metadata),
      tags: [...event.tags],
    };
    const hash = chainHash(previousHash, unsigned);
    recorded.push({ ...unsigned, hash });
    previousHash = hash;
  }
  return recorded;
}

export const VERIFY_BATCH_SIZE_EVENTS = 1000;

/**
 * Verifies a gemeente's chain the same way on every store: its log in pages from position 1 up to
 * `totPositie` (default: the head), then the checks of `verificationResult`. `head` is what the store
 * says its head is (null: no log at all); `readPage` is the store's `readLog`. Not clamped to the head:
 * an auditor asking up to a head written down earlier must hear that events past the present head are
 * gone, also when a head row was wound back with them.
 */
export async function verifyChain(
  gemeente: GemeenteCode,
  head: Pick<LogHead, 'positie' | 'kopHash'> | null,
  options: VerificationOptions,
  readPage: (page: { naPositie: number; limit: number; totPositie: number }) => Promise<RecordedEvent[]>,
): Promise<VerificationResult> {
  const verifier = new ChainVerifier();
  const totPositie = options.totPositie ?? head?.positie ?? 0;
  let naPositie = 0;
  // Bounded: each page advances by at least one event or ends the loop.
  while (naPositie < totPositie) {
    const page = await readPage({ naPositie, limit: VERIFY_BATCH_SIZE_EVENTS, totPositie });
    if (page.length === 0) break;
    for (const event of page) if (!verifier.accept(event)) break;
    if (verifier.firstError) break;
    naPositie = page[page.length - 1].positie;
  }
  return verificationResult(gemeente, verifier, head, options);
}

/**
 * The verdict after a store fed its events up to `untilPositie` to the verifier: the checks that do not
 * depend on how a store keeps its log. `head` is what the store says its head is (null: no log at all);
 * the chain must reach it, and an auditor's `totPositie` and `verwachteHash` must hold.
 */
function verificationResult(
  gemeente: GemeenteCode,
  verifier: ChainVerifier,
  head: Pick<LogHead, 'positie' | 'kopHash'> | null,
  options: VerificationOptions,
): VerificationResult {
  const headPositie = head?.positie ?? 0;
  const untilPositie = options.totPositie ?? headPositie;
  if (!verifier.firstError && verifier.headPositie < untilPositie) {
    const ontbrekend = verifier.headPositie + 1;
    verifier.firstError = {
      positie: ontbrekend,
      reden:
        verifier.headPositie < headPositie
          ? `positie ${ontbrekend} ontbreekt: de kop van het log staat op positie ${headPositie}, maar het laatste event is positie ${verifier.headPositie}; een event is verwijderd`
          : `positie ${ontbrekend} ontbreekt: het log eindigt op positie ${headPositie}, maar er is gevraagd tot positie ${untilPositie}; zijn er events aan het eind verwijderd?`,
    };
  }
  if (!verifier.firstError && options.totPositie === undefined && head && head.kopHash !== verifier.headHash) {
    verifier.firstError = { positie: headPositie, reden: 'de kophash van de gemeente komt niet overeen met de herberekende keten' };
  }
  if (!verifier.firstError && options.verwachteHash !== undefined && options.verwachteHash !== verifier.headHash) {
    verifier.firstError = {
      positie: verifier.headPositie,
      reden: `de herberekende hash op positie ${verifier.headPositie} wijkt af van de verwachte hash`,
    };
  }
  return {
    gemeente,
    geldig: verifier.firstError === null,
    aantalEvents: verifier.count,
    kopPositie: verifier.headPositie,
    kopHash: verifier.headHash,
    eersteFout: verifier.firstError,
  };
}
