import type { GemeenteCode, GeboekteLaag, Kolom, ReserveSoort } from '../src/domain/shared/begrippen';
import type { Grootboek } from './grootboek.fold';
import { type GrootboekRijen, type KolomTeksten, legeRijen, uitRijen } from './grootboek.rijen';
import { schemaNaam, type Sql, type TabelRijen } from './opslag/sql';

/**
 * Persistence of the grootboek read model: the rows of `grootboek.rijen.ts` in schema `leesmodel`.
 * The runner writes them inside its transaction, together with the checkpoint.
 */

/** The table rows a batch's changed grootboek rows become; the runner writes them (opslag/sql.ts, `schrijfstappen`). */
export function grootboekTabellen(gemeente: GemeenteCode, rijen: GrootboekRijen): TabelRijen[] {
  const tabellen: TabelRijen[] = [];
  const deel = (tabel: string, kolommen: TabelRijen['kolommen'], sleutel: readonly string[], lijst: readonly unknown[][]) => {
    if (lijst.length > 0) tabellen.push({ tabel, kolommen, sleutel, rijen: lijst });
  };
  if (rijen.gemeente) {
    deel('gemeenten', [
      { naam: 'gemeente', type: 'text' }, { naam: 'naam', type: 'text' }, { naam: 'drempel_bedrag', type: 'numeric' }, { naam: 'drempel_percentage', type: 'text' },
    ], ['gemeente'], [[gemeente, rijen.gemeente.naam, rijen.gemeente.drempelBedrag, rijen.gemeente.drempelPercentage]]);
  }
  deel('jaren', [
    { naam: 'gemeente', type: 'text' }, { naam: 'jaar', type: 'integer' }, { naam: 'begroting_vastgesteld', type: 'boolean' }, { naam: 'jaarrekening_vastgesteld', type: 'boolean' },
  ], ['gemeente', 'jaar'], rijen.jaren.map((rij) => [gemeente, rij.jaar, rij.begrotingVastgesteld, rij.jaarrekeningVastgesteld]));
  deel('doelen', [
    { naam: 'gemeente', type: 'text' }, { naam: 'jaar', type: 'integer' }, { naam: 'code', type: 'text' }, { naam: 'naam', type: 'text' }, { naam: 'programma', type: 'text' },
    ...LAAG_KOLOMMEN.map(([, naam]) => ({ naam, type: 'numeric[]' })),
  ], ['gemeente', 'jaar', 'code'], rijen.doelen.map((rij) => [gemeente, rij.jaar, rij.code, rij.naam, rij.programma, ...LAAG_KOLOMMEN.map(([laag]) => laagLiteral(rij.lagen[laag]))]));
  deel('reservemutaties', [
    { naam: 'gemeente', type: 'text' }, { naam: 'jaar', type: 'integer' }, { naam: 'reserve', type: 'text' }, { naam: 'doel', type: 'text' },
    { naam: 'begroot_toevoegingen', type: 'numeric' }, { naam: 'begroot_onttrekkingen', type: 'numeric' }, { naam: 'realisatie_toevoegingen', type: 'numeric' }, { naam: 'realisatie_onttrekkingen', type: 'numeric' },
  ], ['gemeente', 'jaar', 'reserve', 'doel'], rijen.reservemutaties.map((rij) => [
    gemeente, rij.jaar, rij.reserve, rij.doel, rij.begrootToevoegingen, rij.begrootOnttrekkingen, rij.realisatieToevoegingen, rij.realisatieOnttrekkingen,
  ]));
  deel('toelichtingen', [
    { naam: 'gemeente', type: 'text' }, { naam: 'jaar', type: 'integer' }, { naam: 'doel', type: 'text' }, { naam: 'kolom', type: 'text' },
    { naam: 'tekst', type: 'text' }, { naam: 'event_id', type: 'uuid' }, { naam: 'positie', type: 'bigint' },
  ], ['gemeente', 'jaar', 'doel', 'kolom'], rijen.toelichtingen.map((rij) => [gemeente, rij.jaar, rij.doel, rij.kolom, rij.tekst, rij.eventId, rij.positie]));
  deel('reserves', [
    { naam: 'gemeente', type: 'text' }, { naam: 'code', type: 'text' }, { naam: 'naam', type: 'text' }, { naam: 'soort', type: 'text' },
    { naam: 'beginsaldo', type: 'numeric' }, { naam: 'peildatum', type: 'date' }, { naam: 'opgeheven', type: 'boolean' },
  ], ['gemeente', 'code'], rijen.reserves.map((rij) => [gemeente, rij.code, rij.naam, rij.soort, rij.beginsaldo, rij.peildatum, rij.opgeheven]));
  deel('balanssaldi', [
    { naam: 'gemeente', type: 'text' }, { naam: 'reserve', type: 'text' }, { naam: 'positie', type: 'bigint' }, { naam: 'datum', type: 'date' }, { naam: 'saldo', type: 'numeric' },
  ], ['gemeente', 'reserve', 'positie'], rijen.balanssaldi.map((rij) => [gemeente, rij.reserve, rij.positie, rij.datum, rij.saldo]));
  deel('kredieten', [
    { naam: 'gemeente', type: 'text' }, { naam: 'code', type: 'text' }, { naam: 'naam', type: 'text' }, { naam: 'doel', type: 'text' },
    { naam: 'omvang', type: 'numeric' }, { naam: 'afgesloten', type: 'boolean' },
  ], ['gemeente', 'code'], rijen.kredieten.map((rij) => [gemeente, rij.code, rij.naam, rij.doel, rij.omvang, rij.afgesloten]));
  deel('kredietbestedingen', [
    { naam: 'gemeente', type: 'text' }, { naam: 'krediet', type: 'text' }, { naam: 'jaar', type: 'integer' }, { naam: 'bedrag', type: 'numeric' },
  ], ['gemeente', 'krediet', 'jaar'], rijen.bestedingen.map((rij) => [gemeente, rij.krediet, rij.jaar, rij.bedrag]));
  deel('projectmutaties', [
    { naam: 'gemeente', type: 'text' }, { naam: 'event_id', type: 'uuid' }, { naam: 'krediet', type: 'text' }, { naam: 'doel', type: 'text' },
  ], ['gemeente', 'event_id'], rijen.projectmutaties.map((rij) => [gemeente, rij.eventId, rij.krediet, rij.doel]));
  return tabellen;
}

/** The lagen in the order of `doelen`'s amount columns; each column holds [lasten, baten, toevoeging, onttrekking]. */
const LAAG_KOLOMMEN: readonly (readonly [GeboekteLaag, string])[] = [
  ['vastgesteldeBegroting', 'vastgestelde_begroting'],
  ['mutatiesProjecten', 'mutaties_projecten'],
  ['begrotingswijzigingen', 'begrotingswijzigingen'],
  ['jaarrekening', 'jaarrekening'],
];

/** A laag as the literal of a numeric[] (`{120.50,0,0,3}`), travelling inside the JSON parameter; null when absent. */
function laagLiteral(kolommen: KolomTeksten | undefined): string | null {
  return kolommen ? `{${kolommen.lasten},${kolommen.baten},${kolommen.toevoegingReserves},${kolommen.onttrekkingReserves}}` : null;
}

function laagUit(waarden: string[] | null): KolomTeksten | undefined {
  if (waarden === null) return undefined;
  const [lasten, baten, toevoegingReserves, onttrekkingReserves] = waarden;
  return { lasten, baten, toevoegingReserves, onttrekkingReserves };
}

export interface LaadOpties {
  /**
   * Load the year-bound detail (doelen with their amounts, toelichtingen) of this year only. Reserve mutations,
   * year flags, registry and krediet spending always come whole: reserve balances and krediet totals
   * run across years. Every report reads only this year's detail, so the answer is the same.
   */
  jaar?: number;
}

/**
 * The grootboek as the read model holds it, with the checkpoint it reflects. One statement reads every
 * table: one snapshot, one round trip, and no chance to see a batch or a rebuild's schema swap halfway.
 * Amounts travel as text (`::text`), never as JSON numbers.
 */
export async function laadGrootboek(sql: Sql, schema: string, gemeente: GemeenteCode, opties: LaadOpties = {}): Promise<Grootboek> {
  const s = schemaNaam(schema);
  const jaarFilter = opties.jaar === undefined ? '' : ' AND jaar = $2';
  const parameters: unknown[] = opties.jaar === undefined ? [gemeente] : [gemeente, opties.jaar];
  const lijst = (velden: string, tabel: string, filter = '') => `coalesce((SELECT json_agg(json_build_array(${velden})) FROM ${s}.${tabel} WHERE gemeente = $1${filter}), '[]')`;
  const [rij] = (await sql.query(
    `SELECT
       (SELECT positie FROM ${s}.checkpoints WHERE projectie = 'grootboek' AND gemeente = $1) AS positie,
       (SELECT json_build_array(naam, drempel_bedrag::text, drempel_percentage) FROM ${s}.gemeenten WHERE gemeente = $1) AS gemeente,
       ${lijst('jaar, begroting_vastgesteld, jaarrekening_vastgesteld', 'jaren')} AS jaren,
       ${lijst(`jaar, code, naam, programma, ${LAAG_KOLOMMEN.map(([, kolom]) => `${kolom}::text[]`).join(', ')}`, 'doelen', jaarFilter)} AS doelen,
       ${lijst('jaar, reserve, doel, begroot_toevoegingen::text, begroot_onttrekkingen::text, realisatie_toevoegingen::text, realisatie_onttrekkingen::text', 'reservemutaties')} AS reservemutaties,
       ${lijst('jaar, doel, kolom, tekst, event_id, positie', 'toelichtingen', jaarFilter)} AS toelichtingen,
       ${lijst("code, naam, soort, beginsaldo::text, to_char(peildatum, 'YYYY-MM-DD'), opgeheven", 'reserves')} AS reserves,
       ${lijst("reserve, positie, to_char(datum, 'YYYY-MM-DD'), saldo::text", 'balanssaldi')} AS balanssaldi,
       ${lijst('code, naam, doel, omvang::text, afgesloten', 'kredieten')} AS kredieten,
       ${lijst('krediet, jaar, bedrag::text', 'kredietbestedingen')} AS bestedingen,
       ${lijst('event_id, krediet, doel', 'projectmutaties')} AS projectmutaties`,
    parameters,
  )) as [Record<string, unknown>];
  type Tupel = unknown[];
  const tupels = (naam: string) => rij[naam] as Tupel[];
  const rijen = legeRijen();
  const gemeenteTupel = rij.gemeente as [string | null, string, string | null] | null;
  if (gemeenteTupel) rijen.gemeente = { naam: gemeenteTupel[0], drempelBedrag: gemeenteTupel[1], drempelPercentage: gemeenteTupel[2] };
  rijen.jaren = tupels('jaren').map(([jaar, begrotingVastgesteld, jaarrekeningVastgesteld]) => ({
    jaar: jaar as number, begrotingVastgesteld: begrotingVastgesteld as boolean, jaarrekeningVastgesteld: jaarrekeningVastgesteld as boolean,
  }));
  rijen.doelen = tupels('doelen').map(([jaar, code, naam, programma, ...lagen]) => ({
    jaar: jaar as number,
    code: code as string,
    naam: naam as string | null,
    programma: programma as string | null,
    lagen: Object.fromEntries(LAAG_KOLOMMEN.flatMap(([laag], index) => {
      const kolommen = laagUit(lagen[index] as string[] | null);
      return kolommen ? [[laag, kolommen]] : [];
    })),
  }));
  rijen.reservemutaties = tupels('reservemutaties').map(([jaar, reserve, doel, bt, bo, rt, ro]) => ({
    jaar: jaar as number, reserve: reserve as string, doel: doel as string,
    begrootToevoegingen: bt as string, begrootOnttrekkingen: bo as string, realisatieToevoegingen: rt as string, realisatieOnttrekkingen: ro as string,
  }));
  rijen.toelichtingen = tupels('toelichtingen').map(([jaar, doel, kolom, tekst, eventId, positie]) => ({
    jaar: jaar as number, doel: doel as string, kolom: kolom as Kolom | '', tekst: tekst as string, eventId: eventId as string, positie: Number(positie),
  }));
  rijen.reserves = tupels('reserves').map(([code, naam, soort, beginsaldo, peildatum, opgeheven]) => ({
    code: code as string, naam: naam as string, soort: soort as ReserveSoort, beginsaldo: beginsaldo as string, peildatum: peildatum as string, opgeheven: opgeheven as boolean,
  }));
  rijen.balanssaldi = tupels('balanssaldi').map(([reserve, positie, datum, saldo]) => ({ reserve: reserve as string, positie: Number(positie), datum: datum as string, saldo: saldo as string }));
  rijen.kredieten = tupels('kredieten').map(([code, naam, doel, omvang, afgesloten]) => ({
    code: code as string, naam: naam as string, doel: doel as string, omvang: omvang as string, afgesloten: afgesloten as boolean,
  }));
  rijen.bestedingen = tupels('bestedingen').map(([krediet, jaar, bedrag]) => ({ krediet: krediet as string, jaar: jaar as number, bedrag: bedrag as string }));
  rijen.projectmutaties = tupels('projectmutaties').map(([eventId, krediet, doel]) => ({ eventId: eventId as string, krediet: krediet as string, doel: doel as string }));
  return uitRijen(gemeente, rijen, rij.positie === null ? 0 : Number(rij.positie));
}
