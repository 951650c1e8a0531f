import type { Datum } from './begrippen';

/**
 * What a decider returns: a decided event and its effective date (the envelope's `datum`). The
 * application layer adds everything else of the envelope (eventId, actor, recordedAt, position, hash),
 * so the decider stays free of clocks and randomness.
 */
export interface NieuwFeit<E> {
  event: E;
  /** `YYYY-MM-DD`: the decision date, the booking date, or the day the command was received. */
  datum: Datum;
}

/** The date part of an ISO-8601 moment (`2022-07-07T10:15:00Z` → `2022-07-07`), for events without a date of their own. */
export const datumVan = (moment: string): Datum => moment.slice(0, 10);
