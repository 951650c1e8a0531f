import type { Actor, Besluit, Datum, GemeenteCode } from '../../src/domain/shared/begrippen';
import type { RecordedEvent } from '../../src/domain/shared/recorded-event';
import type { LedgerEvent } from '../grootboek.fold';
import { tagsVan } from '../../src/domain/tags';

/**
 * Builds a gemeente's log as the store would record it: gapless positie from 1, stream versions per
 * stream, deterministic event ids and a recordedAt that advances one second per event (or is given).
 * Only for specs: it computes no hashes; tags as the command path computes them (`tagsVan`).
 */
export interface EnvelopeOpties {
  /** The effective date. Required: every fact in this ledger has one. */
  datum: Datum;
  /** Defaults to the builder's clock, which advances one second per event. */
  recordedAt?: string;
  actor?: Actor;
  besluit?: Besluit;
  eventId?: string;
}

export const STANDAARD_ACTOR: Actor = { subject: 'test-subject', rol: 'controller' };

export class RecordedEventsBuilder {
  private readonly log: RecordedEvent[] = [];
  private readonly streamVersions = new Map<string, number>();
  private klokMs: number;

  constructor(
    readonly gemeente: GemeenteCode,
    startRecordedAt = '2026-11-22T09:00:00.000Z',
  ) {
    this.klokMs = Date.parse(startRecordedAt);
  }

  /** Appends an event and returns it as recorded. */
  add(event: LedgerEvent, opties: EnvelopeOpties): RecordedEvent {
    const positie = this.log.length + 1;
    const streamId = this.streamVan(event);
    const streamVersion = (this.streamVersions.get(streamId) ?? 0) + 1;
    this.streamVersions.set(streamId, streamVersion);
    const recordedAt = opties.recordedAt ?? new Date(this.klokMs).toISOString();
    this.klokMs = Math.max(this.klokMs, Date.parse(recordedAt)) + 1000;
    const recorded: RecordedEvent = {
      eventId: opties.eventId ?? `00000000-0000-4000-8000-${String(positie).padStart(12, '0')}`,
      type: event.type,
      schemaVersion: 1,
      gemeente: this.gemeente,
      streamId,
      streamVersion,
      positie,
      recordedAt,
      datum: opties.datum,
      data: event.data,
      metadata: {
        actor: opties.actor ?? STANDAARD_ACTOR,
        correlationId: `correlatie-${positie}`,
        causationId: `oorzaak-${positie}`,
        ...(opties.besluit ? { besluit: opties.besluit } : {}),
      },
      tags: tagsVan(event),
      hash: `test-hash-${positie}`,
    };
    this.log.push(recorded);
    return recorded;
  }

  /** The log so far (a copy). */
  get events(): RecordedEvent[] {
    return [...this.log];
  }

  private streamVan(event: LedgerEvent): string {
    const data = event.data as { jaar?: number };
    return typeof data.jaar === 'number' ? `begroting-${this.gemeente}-${data.jaar}` : `gemeente-${this.gemeente}`;
  }
}

export const given = (gemeente: GemeenteCode, startRecordedAt?: string) => new RecordedEventsBuilder(gemeente, startRecordedAt);
