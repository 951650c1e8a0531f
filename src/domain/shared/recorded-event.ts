import type { Actor, Besluit, Datum, GemeenteCode } from './begrippen';

/** What every event carries besides its data: the "who, when and on which decision" of DOMAIN.md. */
export interface EventMetadata {
  actor: Actor;
  correlationId: string;
  causationId: string;
  idempotencyKey?: string;
  /** The decision the event rests on, where one applies. */
  besluit?: Besluit;
}

/** A domain event as decided: its literal type name and its data. */
export interface DomainEventBase<TType extends string = string, TData = unknown> {
  type: TType;
  data: TData;
}

/**
 * An event as the store recorded it. `positie` is its position in the gemeente's log: gapless,
 * starting at 1, in commit order (the gemeente is the ordering domain and the hash chain's scope).
 */
export interface RecordedEvent<E extends DomainEventBase = DomainEventBase> {
  eventId: string;
  type: E['type'];
  schemaVersion: number;
  gemeente: GemeenteCode;
  streamId: string;
  /** 1 for a stream's first event. */
  streamVersion: number;
  positie: number;
  /** When the ledger learned it (ISO-8601, millisecond precision, UTC). */
  recordedAt: string;
  /** The effective date: the decision date or booking date. */
  datum: Datum;
  data: E['data'];
  metadata: EventMetadata;
  /** Index terms (`doel:2.3.1`, `reserve:RES-HERSTEL`, `krediet:KR-1`, `jaar:2022`) for histories and append conditions. */
  tags: string[];
  hash: string;
}
