// @ts-check
/**
 * How the dashboard writes numbers, dates and domain words. Amounts arrive as decimal strings
 * ("-891676.00"); they are formatted from their digits and compared as BigInt cents, never turned into
 * floating-point numbers, so what the screen shows is exactly what the ledger holds.
 */

const BEDRAG = /^(-?)(\d{1,15})(?:\.(\d{1,2}))?$/;
const PERCENTAGE = /^(-?)(\d{1,6})(?:\.(\d))?$/;
/** Groups a BigInt: Intl formats a BigInt from its digits (ECMA-402), exact at every magnitude. */
const GROEPEN = new Intl.NumberFormat('nl-NL', { useGrouping: true, maximumFractionDigits: 0 });

/**
 * `"2852268.00"` → `"2.852.268"`, `"-0.50"` → `"-0,50"`: the integer part grouped with dots, cents
 * after a comma only when there are any (the published tables show whole euros). Anything that is not
 * an amount is shown as it came, so a surprise in the data is visible rather than hidden.
 */
export function bedrag(tekst) {
  const delen = BEDRAG.exec(String(tekst));
  if (!delen) return String(tekst);
  const [, teken, geheel, fractie = ''] = delen;
  const centen = fractie.padEnd(2, '0');
  const isNul = BigInt(geheel) === 0n && centen === '00';
  return `${teken && !isNul ? '-' : ''}${GROEPEN.format(BigInt(geheel))}${centen === '00' ? '' : `,${centen}`}`;
}

/** An amount as a whole number of cents, for exact sums and comparisons. */
export function centen(tekst) {
  const delen = BEDRAG.exec(String(tekst));
  if (!delen) throw new Error(`geen bedrag: ${tekst}`);
  const [, teken, geheel, fractie = ''] = delen;
  const waarde = BigInt(geheel) * 100n + BigInt(fractie.padEnd(2, '0'));
  return teken ? -waarde : waarde;
}

/** Cents back to the API's decimal string: `-89167600n` → `"-891676.00"`. */
export function uitCenten(waarde) {
  const absoluut = waarde < 0n ? -waarde : waarde;
  return `${waarde < 0n ? '-' : ''}${absoluut / 100n}.${String(absoluut % 100n).padStart(2, '0')}`;
}

/** `"10.6"` → `"10,6%"`; null (begroot is 0, API.md) → `"n.v.t."`. */
export function percentage(tekst) {
  if (tekst === null || tekst === undefined) return 'n.v.t.';
  const delen = PERCENTAGE.exec(String(tekst));
  if (!delen) return String(tekst);
  const [, teken, geheel, tiende] = delen;
  return `${teken}${GROEPEN.format(BigInt(geheel))}${tiende === undefined ? '' : `,${tiende}`}%`;
}

/** A percentage as tenths, for sorting; null sorts after every number. */
export function tienden(tekst) {
  const delen = PERCENTAGE.exec(String(tekst));
  if (!delen) return null;
  const waarde = BigInt(delen[2]) * 10n + BigInt(delen[3] ?? '0');
  return delen[1] ? -waarde : waarde;
}

export function vergelijkBigInt(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

const MAANDEN = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];

/** `"2022-07-07"` → `"7 juli 2022"`, from the digits: no time zone can move a date a day. */
export function datum(tekst) {
  const delen = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(tekst));
  if (!delen) return String(tekst);
  const maand = MAANDEN[Number.parseInt(delen[2], 10) - 1];
  return maand ? `${Number.parseInt(delen[3], 10)} ${maand} ${delen[1]}` : String(tekst);
}

const TIJDSTIP = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'long', timeStyle: 'medium', timeZone: 'Europe/Amsterdam' });

/** When the ledger learned an event, in Dutch time (the ledger stores UTC). */
export function tijdstip(iso) {
  const moment = new Date(iso);
  return Number.isNaN(moment.getTime()) ? String(iso) : TIJDSTIP.format(moment);
}

/** Dotted doel and programma codes in numeric order per part: 2.10 after 2.9. */
export function vergelijkCodes(a, b) {
  const x = String(a).split('.');
  const y = String(b).split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    if (x[i] === undefined) return -1;
    if (y[i] === undefined) return 1;
    const numeriek = /^\d+$/.test(x[i]) && /^\d+$/.test(y[i]);
    const verschil = numeriek ? vergelijkBigInt(BigInt(x[i]), BigInt(y[i])) : x[i].localeCompare(y[i], 'nl');
    if (verschil !== 0) return verschil;
  }
  return 0;
}

export const KOLOMMEN = /** @type {const} */ (['lasten', 'baten', 'toevoegingReserves', 'onttrekkingReserves']);

export const KOLOM_LABEL = {
  lasten: 'Lasten',
  baten: 'Baten',
  toevoegingReserves: 'Toevoeging aan reserves',
  onttrekkingReserves: 'Onttrekking aan reserves',
};

/** The rows of the published "Financieel overzicht doel", in its order and words. */
export const LAGEN = /** @type {const} */ ([
  ['vastgesteldeBegroting', 'Vastgestelde begroting'],
  ['mutatiesProjecten', '+ mutaties projecten'],
  ['begrotingswijzigingen', '+ begrotingswijzigingen'],
  ['begrotingNaWijziging', 'Begroting na wijziging'],
  ['jaarrekening', '− jaarrekening'],
  ['resultaat', 'Resultaat'],
]);

export const SIGNAAL_LABEL = {
  overschrijding: 'Overschrijding',
  toelichtingOntbreekt: 'Toelichting ontbreekt',
  kredietoverschrijding: 'Kredietoverschrijding',
  onttrekkingBovenBegroot: 'Onttrekking boven begroot',
  verschilMetBalans: 'Verschil met balans',
};

export const EVENT_LABEL = {
  GemeenteGeregistreerd: 'Gemeente geregistreerd',
  DoelenVastgelegd: 'Doelen vastgelegd',
  BegrotingVastgesteld: 'Begroting vastgesteld',
  ProjectmutatieGeboekt: 'Projectmutatie geboekt',
  BegrotingswijzigingVastgesteld: 'Begrotingswijziging vastgesteld',
  ReservemutatieGeboekt: 'Reservemutatie geboekt',
  RealisatieGeboekt: 'Realisatie geboekt',
  VerschilToegelicht: 'Verschil toegelicht',
  JaarrekeningVastgesteld: 'Jaarrekening vastgesteld',
  CorrectieGeboekt: 'Correctie geboekt',
  ReserveIngesteld: 'Reserve ingesteld',
  ReserveOpgeheven: 'Reserve opgeheven',
  ReservesaldoVolgensBalansVastgelegd: 'Saldo volgens balans vastgelegd',
  KredietVerleend: 'Krediet verleend',
  KredietGewijzigd: 'Krediet gewijzigd',
  KredietAfgesloten: 'Krediet afgesloten',
};

export const ROL_LABEL = { beheerder: 'beheerder', controller: 'controller', accountant: 'accountant', auditor: 'auditor' };

/** `{datum, orgaan, kenmerk?}` → `"raad, 7 juli 2022, Voorjaarsnota 2022"`. */
export function besluit(waarde) {
  if (!waarde) return 'zonder besluit';
  return [waarde.orgaan, datum(waarde.datum), waarde.kenmerk].filter(Boolean).join(', ');
}

/** The sign an amount has on screen for a result: voordelig is positive (DOMAIN.md). */
export function oordeelVan(verschil) {
  const waarde = centen(verschil);
  return waarde > 0n ? 'voordelig' : waarde < 0n ? 'nadelig' : 'neutraal';
}
