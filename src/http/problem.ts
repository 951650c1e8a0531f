import { TijdelijkNietBeschikbaar } from '../application/command-executor';
import { DomainError, type VeldFout } from '../domain/shared/domain-error';
import { ConcurrencyError, EventStoreOnbereikbaarError, IdempotencyConflictError } from '../event-store/event-store.errors';

/** An RFC 9457 problem detail, as every error answer of the API. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  fouten?: VeldFout[];
}

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://begroot.nl/problemen/';

const STATUS_PER_KIND = { ongeldig: 400, onbekend: 404, conflict: 409, regel: 422 } as const;
const TITLE_PER_STATUS: Record<number, string> = {
  400: 'Ongeldig verzoek',
  401: 'Niet geauthenticeerd',
  403: 'Geen toegang',
  404: 'Niet gevonden',
  405: 'Methode niet toegestaan',
  409: 'Conflict met de huidige toestand',
  413: 'Verzoek te groot',
  415: 'Mediatype niet ondersteund',
  422: 'Regel geschonden',
  429: 'Te veel verzoeken',
  500: 'Interne fout',
  503: 'Dienst tijdelijk niet beschikbaar',
};

export function problem(status: number, code: string, detail: string, fouten?: VeldFout[]): Problem {
  return {
    type: `${TYPE_BASE}${code.toLowerCase().replace(/[._]/g, '-')}`,
    title: TITLE_PER_STATUS[status] ?? 'Fout',
    status,
    detail,
    code,
    ...(fouten && fouten.length > 0 ? { fouten } : {}),
  };
}

/** Errors that the ledger itself raises, mapped to their answer. Anything else is the filter's business. */
export function problemFromKnownError(error: unknown): Problem | undefined {
  if (error instanceof DomainError) return problem(STATUS_PER_KIND[error.kind], error.code, error.detail, [...error.fouten]);
  if (error instanceof ConcurrencyError) {
    return problem(409, 'STREAM.GELIJKTIJDIG_GEWIJZIGD', `Regel 9: de begroting is intussen door een ander gewijzigd (${error.reden}); probeer het opnieuw.`);
  }
  if (error instanceof TijdelijkNietBeschikbaar) return problem(503, error.code, error.detail);
  if (error instanceof EventStoreOnbereikbaarError) {
    return problem(503, 'EVENTSTORE.ONBEREIKBAAR', 'De event store is tijdelijk niet bereikbaar. Herhaal het verzoek met dezelfde Idempotency-Key; dat boekt nooit dubbel.');
  }
  if (error instanceof IdempotencyConflictError) {
    return problem(422, 'IDEMPOTENCY.ANDER_VERZOEK', `De Idempotency-Key "${error.sleutel}" is al gebruikt voor een ander verzoek; gebruik een nieuwe sleutel.`, [
      { veld: 'Idempotency-Key', melding: 'al gebruikt voor een verzoek met andere inhoud' },
    ]);
  }
  return undefined;
}
