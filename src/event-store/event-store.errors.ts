/**
 * Store failures callers must tell apart from every other failure: a concurrency conflict is retried
 * by the command handler (or answered 409), an idempotency conflict is answered 422.
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
