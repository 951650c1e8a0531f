/**
 * Store failures callers must tell apart from every other failure: a concurrency conflict is retried
 * by the command handler (or answered 409), an idempotency conflict is answered 422, an unreachable
 * store 503.
 */
export class ConcurrencyError extends Error {
  constructor(
    readonly streamId: string,
    readonly reden: string,
  ) {
    super(`gelijktijdige wijziging van ${streamId}: ${reden}`);
    this.name = 'ConcurrencyError';
  }
}

export class IdempotencyConflictError extends Error {
  constructor(readonly sleutel: string) {
    super(`Idempotency-Key "${sleutel}" is al gebruikt voor een ander verzoek`);
    this.name = 'IdempotencyConflictError';
  }
}

/**
 * A store apart from PostgreSQL (KurrentDB) did not answer: unreachable, no leader, deadline passed. An
 * append that fails this way may still have been written, so the answer says to repeat it with the
 * same Idempotency-Key, which never books twice.
 */
export class EventStoreOnbereikbaarError extends Error {
  constructor(
    readonly oorzaak: unknown,
    waar?: string,
  ) {
    super(`de event store${waar ? ` op ${waar}` : ''} is niet bereikbaar: ${oorzaak instanceof Error ? oorzaak.message : String(oorzaak)}`);
    this.name = 'EventStoreOnbereikbaarError';
  }
}

/**
 * KurrentDB is up but cannot take an append the adapter needs (multi-stream append arrived in 25.1).
 * Here and not beside the adapter: main.ts names it, and importing the adapter would load the
 * KurrentDB client in every process, also on PostgreSQL.
 */
export class KurrentDbVersieError extends Error {
  constructor() {
    super('deze KurrentDB-server kent geen multi-stream append; Begroot vraagt KurrentDB 25.1 of nieuwer (aanbevolen: 26.0 LTS)');
    this.name = 'KurrentDbVersieError';
  }
}
