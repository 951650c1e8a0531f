import type { RecordedEvent } from '../domain/shared/recorded-event';
import { canonicalJson, sha256Hex } from '../shared/canonical-json';

/** The hash before a gemeente's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The chain link of one event: SHA-256 over the previous event's hash and the canonical serialisation of
 * everything the event says (position, stream, type, dates, data, metadata, tags). Changing any of these,
 * deleting an event or swapping two breaks the chain at the first affected position.
 */
export function chainHash(previousHash: string, event: Omit<RecordedEvent, 'hash'>): string {
  const content = canonicalJson({
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
  return sha256Hex(`${previousHash}\n${content}`);
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
