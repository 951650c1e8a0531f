import type { Doeloverzicht } from '../../projections/doeloverzicht/doeloverzicht.fold';
import type { DoelStand, Historie, HistorieItem, KredietStand, ReserveStand } from '../../projections/historie/historie.fold';
import type { OverzichtBatenEnLasten, BatenEnLastenRegel } from '../../projections/overzicht-baten-en-lasten/overzicht-baten-en-lasten.fold';
import type { Reservestaat } from '../../projections/reservestaat/reservestaat.fold';
import type { KolomVergelijking, Verschillenanalyse } from '../../projections/verschillenanalyse/verschillenanalyse.fold';
import type { KolommenJson } from '../../projections/shared/format';
import type { Kolom } from '../domain/shared/begrippen';
import { bedrag as alsBig, formatBedrag, som } from '../shared/money';
import type { Kolomdefinitie, Rij, Waarde, Werkmap } from './werkmap';

/**
 * Every report as a Werkmap (werkmap.ts), with the labels of the published P&C documents (seed 004's
 * "Financieel overzicht doel", the overzicht baten en lasten, the staat van reserves). Cells hold the
 * JSON answer's own strings; the only numbers made here are the krediet totals the published table
 * prints, summed exactly.
 */

const tekst = (kop: string, breedte = 14): Kolomdefinitie => ({ kop, soort: 'tekst', breedte });
const bedrag = (kop: string, breedte = 16): Kolomdefinitie => ({ kop, soort: 'bedrag', breedte });
const geheel = (kop: string, breedte = 10): Kolomdefinitie => ({ kop, soort: 'geheel', breedte });

const KOLOM_LABELS: readonly [Kolom, string][] = [
  ['lasten', 'Lasten'],
  ['baten', 'Baten'],
  ['toevoegingReserves', 'Toevoeging aan reserves'],
  ['onttrekkingReserves', 'Onttrekking aan reserves'],
];
const vierKolommen = (kolommen: KolommenJson): Waarde[] => KOLOM_LABELS.map(([kolom]) => kolommen[kolom]);

// ---------------------------------------------------------------- verschillenanalyse

const ANALYSE_KOLOMMEN = [
  tekst('Niveau', 11),
  tekst('Programma', 11),
  tekst('Doel', 10),
  tekst('Naam', 32),
  tekst('Kolom', 24),
  bedrag('Begroot'),
  bedrag('Realisatie'),
  bedrag('Verschil'),
  tekst('Oordeel', 11),
  { kop: 'Percentage', soort: 'percentage', breedte: 11 } satisfies Kolomdefinitie,
  tekst('Toelichting vereist', 10),
  tekst('Toelichting', 48),
];

const vergelijking = (kolom: KolomVergelijking): Waarde[] => [kolom.begroot, kolom.realisatie, kolom.verschil, kolom.oordeel, kolom.percentage];

/** One row per doel and column, then the programmas and the total (bold). */
export function verschillenanalyseWerkmap(analyse: Verschillenanalyse): Werkmap {
  const rijen: Rij[] = [];
  for (const doel of analyse.doelen) {
    for (const [kolom, label] of KOLOM_LABELS) {
      const cel = doel.kolommen[kolom];
      rijen.push({ cellen: ['doel', doel.doel.programma, doel.doel.code, doel.doel.naam, label, ...vergelijking(cel), cel.toelichtingVereist ? 'ja' : 'nee', cel.toelichting] });
    }
  }
  for (const programma of analyse.programmas) {
    for (const [kolom, label] of KOLOM_LABELS) rijen.push({ cellen: ['programma', programma.programma, null, null, label, ...vergelijking(programma.kolommen[kolom]), null, null], totaal: true });
  }
  for (const [kolom, label] of KOLOM_LABELS) rijen.push({ cellen: ['totaal', null, null, null, label, ...vergelijking(analyse.totaal.kolommen[kolom]), null, null], totaal: true });
  return {
    bestandsnaam: `verschillenanalyse-${analyse.gemeente}-${analyse.jaar}`,
    titel: `Verschillenanalyse ${analyse.jaar} ${analyse.gemeente}`,
    bladen: [{ naam: `Verschillenanalyse ${analyse.jaar}`, kolommen: ANALYSE_KOLOMMEN, rijen }],
  };
}

// ---------------------------------------------------------------- overzicht baten en lasten

const BATEN_EN_LASTEN_KOLOMMEN = [
  tekst('Programma', 11),
  tekst('Doel', 10),
  tekst('Naam', 32),
  bedrag('Lasten'),
  bedrag('Baten'),
  bedrag('Saldo van baten en lasten', 18),
  bedrag('Toevoeging aan reserves', 18),
  bedrag('Onttrekking aan reserves', 18),
  bedrag('Geraamd resultaat', 18),
];
const batenEnLasten = (regel: BatenEnLastenRegel): Waarde[] => [
  regel.lasten,
  regel.baten,
  regel.saldoBatenEnLasten,
  regel.toevoegingReserves,
  regel.onttrekkingReserves,
  regel.geraamdResultaat,
];

/** Per programma its doelen, then "Totaal programma …" (bold); the gemeente's total last. */
export function overzichtBatenEnLastenWerkmap(overzicht: OverzichtBatenEnLasten): Werkmap {
  const rijen: Rij[] = [];
  for (const programma of overzicht.programmas) {
    for (const doel of programma.doelen) rijen.push({ cellen: [programma.programma, doel.doel.code, doel.doel.naam, ...batenEnLasten(doel)] });
    rijen.push({ cellen: [programma.programma, null, `Totaal programma ${programma.programma}`, ...batenEnLasten(programma)], totaal: true });
  }
  rijen.push({ cellen: [null, null, 'Totaal', ...batenEnLasten(overzicht.totaal)], totaal: true });
  return {
    bestandsnaam: `overzicht-baten-en-lasten-${overzicht.gemeente}-${overzicht.jaar}`,
    titel: `Overzicht van baten en lasten ${overzicht.jaar} ${overzicht.gemeente} (begroting na wijziging)`,
    bladen: [{ naam: `Baten en lasten ${overzicht.jaar}`, kolommen: BATEN_EN_LASTEN_KOLOMMEN, rijen }],
  };
}

// ---------------------------------------------------------------- financieel overzicht doel

/** The rows of seed 004's "Financieel overzicht doel", in its order and with its labels. */
const DOEL_LAGEN: readonly [keyof Doeloverzicht['lagen'], string, boolean][] = [
  ['vastgesteldeBegroting', 'Vastgestelde begroting', false],
  ['mutatiesProjecten', '+ mutaties projecten', false],
  ['begrotingswijzigingen', '+ begrotingswijzigingen', false],
  ['begrotingNaWijziging', 'Begroting t/m december', true],
  ['jaarrekening', '- Jaarrekening', false],
  ['resultaat', 'Resultaat doel', true],
];

/** The golden table of one doel, with its saldo, and the kredieten table beside it on a second sheet. */
export function doeloverzichtWerkmap(overzicht: Doeloverzicht): Werkmap {
  const { jaar } = overzicht;
  const rijen: Rij[] = DOEL_LAGEN.map(([laag, label, totaal]) => ({
    cellen: [laag === 'resultaat' ? `${label} ${overzicht.doel.naam}` : label, ...vierKolommen(overzicht.lagen[laag]), null],
    totaal,
  }));
  rijen.push({ cellen: ['Saldo', null, null, null, null, overzicht.saldo], totaal: true });
  const kredieten: Rij[] = overzicht.kredieten.map((krediet) => ({
    cellen: [krediet.code, krediet.naam, krediet.omvang, krediet.gerealiseerdTotVorigJaar, krediet.bestedingenDitJaar, krediet.restantkrediet],
  }));
  if (overzicht.kredieten.length > 0) {
    const totaal = (veld: 'omvang' | 'gerealiseerdTotVorigJaar' | 'bestedingenDitJaar' | 'restantkrediet') => formatBedrag(som(overzicht.kredieten.map((krediet) => alsBig(krediet[veld]))));
    kredieten.push({ cellen: [null, 'Totaal', totaal('omvang'), totaal('gerealiseerdTotVorigJaar'), totaal('bestedingenDitJaar'), totaal('restantkrediet')], totaal: true });
  }
  return {
    bestandsnaam: `doeloverzicht-${overzicht.gemeente}-${jaar}-${overzicht.doel.code}`,
    titel: `Financieel overzicht doel ${overzicht.doel.code} ${overzicht.doel.naam} ${jaar} ${overzicht.gemeente}`,
    bladen: [
      { naam: `Doel ${overzicht.doel.code}`, kolommen: [tekst('Baten en lasten', 34), ...KOLOM_LABELS.map(([, label]) => bedrag(label, 18)), bedrag('Saldo')], rijen },
      {
        naam: 'Kredieten',
        kolommen: [
          tekst('Code', 16),
          tekst('Project', 28),
          bedrag(`Omvang krediet tot en met ${jaar}`, 20),
          bedrag(`Gerealiseerd tot en met ${jaar - 1}`, 20),
          bedrag(`Bestedingen ${jaar}`, 18),
          bedrag(`Restantkrediet 31 december ${jaar}`, 20),
        ],
        rijen: kredieten,
      },
    ],
  };
}

// ---------------------------------------------------------------- staat van reserves

/** Saldo 1 januari + toevoegingen − onttrekkingen = saldo 31 december, begroot beside realisatie; per doel on a second sheet. */
export function reservestaatWerkmap(staat: Reservestaat): Werkmap {
  const { jaar } = staat;
  const rijen: Rij[] = [
    { cellen: [`Saldo 1 januari ${jaar}`, null, staat.saldoBegin] },
    { cellen: ['Toevoegingen', staat.toevoegingen.begroot, staat.toevoegingen.realisatie] },
    { cellen: ['Onttrekkingen', staat.onttrekkingen.begroot, staat.onttrekkingen.realisatie] },
    { cellen: [`Saldo 31 december ${jaar}`, null, staat.saldoEind], totaal: true },
  ];
  if (staat.saldoVolgensBalans !== null) {
    rijen.push({ cellen: ['Saldo volgens balans', null, staat.saldoVolgensBalans] }, { cellen: ['Verschil met balans', null, staat.verschilMetBalans] });
  }
  return {
    bestandsnaam: `reservestaat-${staat.gemeente}-${staat.reserve.code}-${jaar}`,
    titel: `Staat van reserves ${jaar}: ${staat.reserve.naam} (${staat.reserve.soort}) ${staat.gemeente}`,
    bladen: [
      { naam: `Reserve ${staat.reserve.code}`, kolommen: [tekst(`${staat.reserve.code} ${staat.reserve.naam}`, 36), bedrag('Begroot', 18), bedrag('Realisatie', 18)], rijen },
      {
        naam: 'Per doel',
        kolommen: [tekst('Doel', 10), tekst('Naam', 32), bedrag('Toevoegingen begroot'), bedrag('Toevoegingen realisatie'), bedrag('Onttrekkingen begroot'), bedrag('Onttrekkingen realisatie')],
        rijen: staat.perDoel.map((regel) => ({
          cellen: [regel.doel.code, regel.doel.naam, regel.toevoegingen.begroot, regel.toevoegingen.realisatie, regel.onttrekkingen.begroot, regel.onttrekkingen.realisatie],
        })),
      },
    ],
  };
}

// ---------------------------------------------------------------- historie

export type HistorieOnderwerp = { soort: 'doel'; jaar: number; code: string } | { soort: 'reserve'; code: string } | { soort: 'krediet'; code: string };

const HISTORIE_KOLOMMEN = [
  geheel('Positie'),
  tekst('Vastgelegd op', 24),
  tekst('Datum', 11),
  tekst('Soort', 30),
  tekst('Besluit', 36),
  tekst('Door', 24),
  tekst('Regels', 60),
  tekst('Correctie van', 38),
  tekst('Event-id', 38),
];

/** What a stand adds to a history row, by subject. */
const STAND: { [S in HistorieOnderwerp['soort']]: { kolommen: Kolomdefinitie[]; cellen: (stand: never) => Waarde[] } } = {
  doel: {
    kolommen: [...KOLOM_LABELS.map(([, label]) => bedrag(`Begroting na wijziging: ${label.toLowerCase()}`, 20)), ...KOLOM_LABELS.map(([, label]) => bedrag(`Jaarrekening: ${label.toLowerCase()}`, 20))],
    cellen: (stand: DoelStand) => [...vierKolommen(stand.begrotingNaWijziging), ...vierKolommen(stand.jaarrekening)],
  },
  reserve: {
    kolommen: [bedrag('Saldo', 18), geheel('Jaar', 8), bedrag('Begroot toevoegingen', 18), bedrag('Begroot onttrekkingen', 18)],
    cellen: (stand: ReserveStand) => [stand.saldo, stand.jaar, stand.begroot?.toevoegingen ?? null, stand.begroot?.onttrekkingen ?? null],
  },
  krediet: {
    kolommen: [bedrag('Omvang', 18), bedrag('Besteed', 18), bedrag('Restant', 18)],
    cellen: (stand: KredietStand) => [stand.omvang, stand.besteed, stand.restant],
  },
};

/** The fields of a line in the order a reader expects them; any other field follows in alphabetical order. */
const REGELVELDEN = ['doel', 'kolom', 'reserve', 'krediet', 'bedrag'];
const volgorde = (naam: string) => (REGELVELDEN.includes(naam) ? REGELVELDEN.indexOf(naam) : REGELVELDEN.length);

/**
 * A line of an event as readable text: `doel 2.3.1, kolom lasten, bedrag 292500.00`. In a fixed field
 * order: a line read from the history read model (jsonb orders keys by length) and the same line from
 * the on-demand fold (the event's own order) must read the same in an auditor's export.
 */
export const regelTekst = (regel: object) =>
  Object.entries(regel)
    .filter(([, waarde]) => waarde !== null && typeof waarde !== 'object')
    .sort(([a], [b]) => volgorde(a) - volgorde(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([naam, waarde]) => `${naam} ${String(waarde)}`)
    .join(', ');

/** Every item of a history in positie order, with who, when, on which besluit, its lines and the stand after it. */
export function historieWerkmap(gemeente: string, onderwerp: HistorieOnderwerp, historie: Historie<unknown>): Werkmap {
  const stand = STAND[onderwerp.soort];
  const rijen: Rij[] = historie.items.map((item: HistorieItem<unknown>) => ({
    cellen: [
      item.positie,
      item.recordedAt,
      item.datum,
      item.type,
      item.besluit ? [item.besluit.orgaan, item.besluit.datum, item.besluit.kenmerk].filter(Boolean).join(' ') : null,
      `${item.actor.subject} (${item.actor.rol})`,
      item.regels.map(regelTekst).join(' | '),
      item.correctieVan ?? null,
      item.eventId,
      ...stand.cellen(item.stand as never),
    ],
  }));
  const naam = onderwerp.soort === 'doel' ? `doel ${onderwerp.code} ${onderwerp.jaar}` : `${onderwerp.soort} ${onderwerp.code}`;
  return {
    bestandsnaam: `historie-${gemeente}-${naam.replace(/ /g, '-')}`,
    titel: `Historie van ${naam} ${gemeente}`,
    bladen: [{ naam: 'Historie', kolommen: [...HISTORIE_KOLOMMEN, ...stand.kolommen], rijen }],
  };
}
