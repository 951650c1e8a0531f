/**
 * The one error family of the domain. Every rejection has a stable code (`BEGROTING.NIET_BUDGETNEUTRAAL`)
 * and a kind that the HTTP edge maps to a status: the domain knows nothing of HTTP.
 *
 * - `ongeldig`: the input itself is malformed (400)
 * - `onbekend`: a resource named in the path does not exist (404)
 * - `conflict`: the state forbids it (already adopted, year closed, duplicate kenmerk, stale version) (409)
 * - `regel`: a domain rule is broken by the content (not budget-neutral, reserve below zero, unknown doel in the body) (422)
 */
export type DomainErrorKind = 'ongeldig' | 'onbekend' | 'conflict' | 'regel';

export interface VeldFout {
  /** JSON path of the field, e.g. `regels[0].bedrag` or `onderdelen[1].regels`. */
  veld: string;
  /** Dutch message naming the rule. */
  melding: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    /** Dutch, names the rule and the field. */
    readonly detail: string,
    readonly fouten: readonly VeldFout[] = [],
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

export const ongeldig = (code: string, detail: string, fouten: VeldFout[] = []) =>
  new DomainError(code, 'ongeldig', detail, fouten);
export const onbekend = (code: string, detail: string) => new DomainError(code, 'onbekend', detail);
export const conflict = (code: string, detail: string, fouten: VeldFout[] = []) =>
  new DomainError(code, 'conflict', detail, fouten);
export const regelGeschonden = (code: string, detail: string, fouten: VeldFout[] = []) =>
  new DomainError(code, 'regel', detail, fouten);
