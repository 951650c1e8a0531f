import type { Datum } from '../src/domain/shared/begrippen';
import type { RecordedEvent } from '../src/domain/shared/recorded-event';

/**
 * "As of" a moment (DOMAIN.md): every report can be asked for an earlier view of the ledger.
 * - `positie`: events with positie ≤ N (what the log held at that point);
 * - `bekendOp`: events recorded at or before that instant (what the ledger knew then);
 * - `peildatum`: events whose effective date (`datum`) is ≤ that day (what was in force then).
 * Several may be given; an event must pass all of them.
 */
export interface AsOf {
  peildatum?: Datum;
  bekendOp?: string;
  positie?: number;
}

/** The `tot` block of an answer: how far the report reaches. */
export interface Tot {
  positie: number;
  peildatum: Datum | null;
  bekendOp: string | null;
}

export function totVan(positie: number, asOf: AsOf = {}): Tot {
  return { positie, peildatum: asOf.peildatum ?? null, bekendOp: asOf.bekendOp ?? null };
}

/**
 * Registration facts that carry no financial effect of their own stay visible under a `peildatum`,
 * whatever their `datum`. They are recorded on the day someone types them in, which is often long
 * after the year they describe: doelen of 2022 may be laid down in 2026, and a 2022 report "as of
 * 1 August 2022" must still know what doel 2.3.1 is called. Hiding them would hide the amounts booked
 * on them, or show them without names.
 *
 * Deliberately NOT on this list (they are filtered by their `datum` like every other fact):
 * - `InstellingenGewijzigd`: the thresholds of that moment judge the variances of that moment;
 * - `KredietVerleend`/`KredietGewijzigd`/`KredietAfgesloten`: the omvang is an authorisation with a
 *   decision date; before it there was no krediet;
 * - `ReserveOpgeheven`, `ReservesaldoVolgensBalansVastgelegd`, and all budget-year events.
 *
 * `ReserveIngesteld` is a definition and stays visible, but its `beginsaldo` is an amount dated at the
 * reserve's own `peildatum`: when that lies after the asked peildatum, the view shows the reserve with
 * a beginsaldo of 0.00 (the balance did not exist yet).
 */
const REGISTRATIE_ZONDER_FINANCIEEL_EFFECT: ReadonlySet<string> = new Set([
  'GemeenteGeregistreerd',
  'DoelenVastgelegd',
  'ReserveIngesteld',
]);

const DATUM_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The events visible as of `asOf`, in their original order. Pure: the input is not changed. A
 * ReserveIngesteld whose beginsaldo is not yet in force is returned as a copy with beginsaldo "0.00";
 * such a copy no longer matches its hash, so feed filtered events to folds, never to verification.
 * Throws a RangeError on a malformed `asOf` (the HTTP layer validates before calling).
 */
export function filterAsOf(events: readonly RecordedEvent[], asOf: AsOf = {}): RecordedEvent[] {
  const { peildatum, positie } = asOf;
  if (peildatum !== undefined && !DATUM_PATTERN.test(peildatum)) {
    throw new RangeError(`peildatum moet een datum JJJJ-MM-DD zijn: ${JSON.stringify(peildatum)}`);
  }
  if (positie !== undefined && (!Number.isSafeInteger(positie) || positie < 0)) {
    throw new RangeError(`positie moet een geheel getal ≥ 0 zijn: ${JSON.stringify(positie)}`);
  }
  const bekendOpMs = asOf.bekendOp === undefined ? undefined : bekendOpInstant(asOf.bekendOp);

  const zichtbaar: RecordedEvent[] = [];
  for (const event of events) {
    if (positie !== undefined && event.positie > positie) continue;
    if (bekendOpMs !== undefined && Date.parse(event.recordedAt) > bekendOpMs) continue;
    if (peildatum !== undefined) {
      if (!REGISTRATIE_ZONDER_FINANCIEEL_EFFECT.has(event.type)) {
        if (event.datum > peildatum) continue;
      } else if (event.type === 'ReserveIngesteld') {
        zichtbaar.push(beginsaldoOpPeildatum(event, peildatum));
        continue;
      }
    }
    zichtbaar.push(event);
  }
  return zichtbaar;
}

/**
 * The instant of `bekendOp` in milliseconds. A bare date means "known on that day", so the whole day
 * counts (up to 23:59:59.999 UTC); a full ISO-8601 timestamp is compared as an instant, whatever its offset.
 */
function bekendOpInstant(bekendOp: string): number {
  const tekst = DATUM_PATTERN.test(bekendOp) ? `${bekendOp}T23:59:59.999Z` : bekendOp;
  const instant = Date.parse(tekst);
  if (Number.isNaN(instant)) throw new RangeError(`bekendOp moet een ISO-8601 tijdstip zijn: ${JSON.stringify(bekendOp)}`);
  return instant;
}

function beginsaldoOpPeildatum(event: RecordedEvent, peildatum: Datum): RecordedEvent {
  const data = event.data as { peildatum?: Datum; beginsaldo?: string };
  if (data.peildatum === undefined || data.peildatum <= peildatum) return event;
  return { ...event, data: { ...data, beginsaldo: '0.00' } };
}
