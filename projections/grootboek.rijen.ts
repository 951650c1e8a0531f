import Big from 'big.js';
import { isNulBedrag } from '../src/shared/money';
import type { Datum, GeboekteLaag, GemeenteCode, Kolom, ReserveSoort } from '../src/domain/shared/begrippen';
import {
  type Balanssaldo,
  type Grootboek,
  type JaarBoek,
  type Kolommen,
  type Lagen,
  legeGrootboek,
  legeJaarBoek,
  legeLagen,
  type ReservemutatieTotalen,
  STANDAARD_DREMPEL_BEDRAG,
  toelichtingSleutel,
} from './grootboek.fold';

/**
 * The grootboek as table rows, and back. The persisted read model (schema `leesmodel`) is exactly
 * `naarRijen(foldGrootboek(events))`, and `uitRijen(rows)` gives back the state the pure reports take,
 * so a report from the read model and a report from an on-demand fold are the same function of the
 * same state. Pure: no SQL here (that is `grootboek.projector.ts`).
 *
 * `wijzigingen(voor, na)` finds what a batch of events changed by reference: the fold copies only the
 * path it changes (structural sharing), so every untouched year, doel, reserve or krediet is the very
 * same object before and after and is skipped without looking inside. A batch of events therefore
 * costs rows in proportion to what it touched, not to the size of the gemeente.
 *
 * Amounts are exact decimal strings (`Big#toFixed()` without a scale never rounds and never uses an
 * exponent).
 */

export interface GemeenteRij {
  naam: string | null;
  drempelBedrag: string;
  drempelPercentage: string | null;
}
export interface JaarRij {
  jaar: number;
  begrotingVastgesteld: boolean;
  jaarrekeningVastgesteld: boolean;
}
/** A laag's four columns as exact decimal strings. */
export interface KolomTeksten {
  lasten: string;
  baten: string;
  toevoegingReserves: string;
  onttrekkingReserves: string;
}
/**
 * A doel in one year, one row (`leesmodel.doelen`): its registration (`naam` and `programma`, null for a
 * doel that was booked but never registered) and its amounts with every laag. A laag that is all zero is
 * absent, unless every laag is zero (see `geschrevenLagen`); a doel that was never booked has no laag.
 */
export interface DoelRij {
  jaar: number;
  code: string;
  naam: string | null;
  programma: string | null;
  lagen: Partial<Record<GeboekteLaag, KolomTeksten>>;
}
export interface ReservemutatieRij {
  jaar: number;
  reserve: string;
  doel: string;
  begrootToevoegingen: string;
  begrootOnttrekkingen: string;
  realisatieToevoegingen: string;
  realisatieOnttrekkingen: string;
}
export interface ToelichtingRij {
  jaar: number;
  doel: string;
  /** '' when the explanation is for the doel as a whole. */
  kolom: Kolom | '';
  tekst: string;
  eventId: string;
  positie: number;
}
export interface ReserveRij {
  code: string;
  naam: string;
  soort: ReserveSoort;
  beginsaldo: string;
  peildatum: Datum;
  opgeheven: boolean;
}
export interface BalanssaldoRij {
  reserve: string;
  positie: number;
  datum: Datum;
  saldo: string;
}
export interface KredietRij {
  code: string;
  naam: string;
  doel: string;
  omvang: string;
  afgesloten: boolean;
}
export interface BestedingRij {
  krediet: string;
  jaar: number;
  bedrag: string;
}
export interface ProjectmutatieRij {
  eventId: string;
  krediet: string;
  doel: string;
}

/** Rows to insert or replace. No row is ever deleted, because the fold never forgets anything. */
export interface GrootboekRijen {
  gemeente: GemeenteRij | null;
  jaren: JaarRij[];
  doelen: DoelRij[];
  reservemutaties: ReservemutatieRij[];
  toelichtingen: ToelichtingRij[];
  reserves: ReserveRij[];
  balanssaldi: BalanssaldoRij[];
  kredieten: KredietRij[];
  bestedingen: BestedingRij[];
  projectmutaties: ProjectmutatieRij[];
}

export function legeRijen(): GrootboekRijen {
  return {
    gemeente: null,
    jaren: [],
    doelen: [],
    reservemutaties: [],
    toelichtingen: [],
    reserves: [],
    balanssaldi: [],
    kredieten: [],
    bestedingen: [],
    projectmutaties: [],
  };
}

const tekst = (waarde: Big): string => waarde.toFixed();
const GEBOEKTE_LAGEN: readonly GeboekteLaag[] = ['vastgesteldeBegroting', 'mutatiesProjecten', 'begrotingswijzigingen', 'jaarrekening'];

/** Every row of a state: `wijzigingen` from the empty grootboek. */
export function naarRijen(grootboek: Grootboek): GrootboekRijen {
  return wijzigingen(legeGrootboek(), grootboek);
}

/** The rows that differ between two states of one gemeente, where `na` is `voor` plus later events. */
export function wijzigingen(voor: Grootboek, na: Grootboek): GrootboekRijen {
  const rijen = legeRijen();
  if (voor.gemeente !== na.gemeente || voor.instellingen !== na.instellingen) {
    rijen.gemeente = {
      naam: na.gemeente?.naam ?? null,
      drempelBedrag: tekst(na.instellingen.drempelBedrag),
      drempelPercentage: na.instellingen.drempelPercentage,
    };
  }
  for (const [sleutel, jaarNa] of Object.entries(na.jaren)) {
    const jaarVoor = voor.jaren[sleutel];
    if (jaarVoor !== jaarNa) jaarWijzigingen(jaarVoor, jaarNa, rijen);
  }
  for (const [code, reserve] of Object.entries(na.reserves)) {
    const eerder = voor.reserves[code];
    if (eerder === reserve) continue;
    if (!eerder || eerder.naam !== reserve.naam || eerder.soort !== reserve.soort || !eerder.beginsaldo.eq(reserve.beginsaldo) || eerder.peildatum !== reserve.peildatum || eerder.opgeheven !== reserve.opgeheven) {
      rijen.reserves.push({ code, naam: reserve.naam, soort: reserve.soort, beginsaldo: tekst(reserve.beginsaldo), peildatum: reserve.peildatum, opgeheven: reserve.opgeheven });
    }
    const bekend = new Set((eerder?.balanssaldi ?? []).map((saldo) => saldo.positie));
    for (const saldo of reserve.balanssaldi) {
      if (!bekend.has(saldo.positie)) rijen.balanssaldi.push({ reserve: code, positie: saldo.positie, datum: saldo.datum, saldo: tekst(saldo.saldo) });
    }
  }
  for (const [code, krediet] of Object.entries(na.kredieten)) {
    if (voor.kredieten[code] === krediet) continue;
    rijen.kredieten.push({ code, naam: krediet.naam, doel: krediet.doel, omvang: tekst(krediet.omvang), afgesloten: krediet.afgesloten });
  }
  for (const [krediet, perJaar] of Object.entries(na.bestedingen)) {
    const eerder = voor.bestedingen[krediet];
    if (eerder === perJaar) continue;
    for (const [jaar, besteding] of Object.entries(perJaar)) {
      if (eerder?.[jaar] !== besteding) rijen.bestedingen.push({ krediet, jaar: Number.parseInt(jaar, 10), bedrag: tekst(besteding) });
    }
  }
  if (voor.projectmutaties !== na.projectmutaties) {
    for (const [eventId, projectmutatie] of Object.entries(na.projectmutaties)) {
      if (!voor.projectmutaties[eventId]) rijen.projectmutaties.push({ eventId, krediet: projectmutatie.krediet, doel: projectmutatie.doel });
    }
  }
  return rijen;
}

/** `eerder` is undefined for a year first seen in this batch: it gets its row even before either flag is set. */
function jaarWijzigingen(eerder: JaarBoek | undefined, na: JaarBoek, rijen: GrootboekRijen): void {
  const jaar = na.jaar;
  const voor = eerder ?? legeJaarBoek(jaar);
  if (!eerder || voor.begrotingVastgesteld !== na.begrotingVastgesteld || voor.jaarrekeningVastgesteld !== na.jaarrekeningVastgesteld) {
    rijen.jaren.push({ jaar, begrotingVastgesteld: na.begrotingVastgesteld, jaarrekeningVastgesteld: na.jaarrekeningVastgesteld });
  }
  if (voor.doelen !== na.doelen || voor.boekingen !== na.boekingen) {
    // A doel's registration and amounts are one row (issue 7: a row per doel and year for each was a
    // third of a rebuild's rows), so a change to either writes the doel's whole row again.
    const gewijzigd = new Set<string>();
    if (voor.doelen !== na.doelen) {
      for (const [code, doel] of Object.entries(na.doelen)) if (voor.doelen[code] !== doel) gewijzigd.add(code);
    }
    if (voor.boekingen !== na.boekingen) {
      for (const [code, lagen] of Object.entries(na.boekingen)) if (voor.boekingen[code] !== lagen) gewijzigd.add(code);
    }
    for (const code of gewijzigd) {
      const doel = na.doelen[code];
      const lagen = na.boekingen[code];
      rijen.doelen.push({ jaar, code, naam: doel?.naam ?? null, programma: doel?.programma ?? null, lagen: lagen ? geschrevenKolommen(lagen) : {} });
    }
  }
  if (voor.reservemutaties !== na.reservemutaties) {
    for (const [reserve, perDoel] of Object.entries(na.reservemutaties)) {
      const eerder = voor.reservemutaties[reserve];
      if (eerder === perDoel) continue;
      for (const [doel, totalen] of Object.entries(perDoel)) {
        if (eerder?.[doel] === totalen) continue;
        rijen.reservemutaties.push({
          jaar,
          reserve,
          doel,
          begrootToevoegingen: tekst(totalen.begroot.toevoegingen),
          begrootOnttrekkingen: tekst(totalen.begroot.onttrekkingen),
          realisatieToevoegingen: tekst(totalen.realisatie.toevoegingen),
          realisatieOnttrekkingen: tekst(totalen.realisatie.onttrekkingen),
        });
      }
    }
  }
  if (voor.toelichtingen !== na.toelichtingen) {
    for (const [sleutel, toelichting] of Object.entries(na.toelichtingen)) {
      if (voor.toelichtingen[sleutel] === toelichting) continue;
      const scheiding = sleutel.lastIndexOf('|');
      rijen.toelichtingen.push({
        jaar,
        doel: sleutel.slice(0, scheiding),
        kolom: sleutel.slice(scheiding + 1) as Kolom | '',
        tekst: toelichting.tekst,
        eventId: toelichting.eventId,
        positie: toelichting.positie,
      });
    }
  }
}

/** A booked doel's lagen as its row holds them: the exact decimal strings of each laag it keeps. */
function geschrevenKolommen(lagen: Lagen): Partial<Record<GeboekteLaag, KolomTeksten>> {
  const geschreven: Partial<Record<GeboekteLaag, KolomTeksten>> = {};
  for (const laag of geschrevenLagen(lagen)) {
    const kolommen = lagen[laag];
    geschreven[laag] = {
      lasten: tekst(kolommen.lasten),
      baten: tekst(kolommen.baten),
      toevoegingReserves: tekst(kolommen.toevoegingReserves),
      onttrekkingReserves: tekst(kolommen.onttrekkingReserves),
    };
  }
  return geschreven;
}

const isNul = (kolommen: Kolommen): boolean =>
  isNulBedrag(kolommen.lasten) && isNulBedrag(kolommen.baten) && isNulBedrag(kolommen.toevoegingReserves) && isNulBedrag(kolommen.onttrekkingReserves);

/**
 * The lagen of a booked doel that its row holds: those that are not all zero. Most doelen have one or
 * two lagen booked in a year (the adopted budget, the realisation); `uitRijen` reads a missing laag as
 * zero. A doel whose every laag is zero holds all four: a doel appears in `boekingen` once anything was
 * booked on it, also zero (doeloverzicht.fold.ts shows such a doel). The row is a function of the state
 * alone, not of how its events were cut into batches, so a rebuild writes the same rows as the live
 * runner.
 */
function geschrevenLagen(lagen: Lagen): readonly GeboekteLaag[] {
  const metBedrag = GEBOEKTE_LAGEN.filter((laag) => !isNul(lagen[laag]));
  return metBedrag.length > 0 ? metBedrag : GEBOEKTE_LAGEN;
}

// ---------------------------------------------------------------------------------------------
// Rows → state
// ---------------------------------------------------------------------------------------------

/** Rebuilds the grootboek of `gemeente` from its rows. `positie` is the read model's checkpoint. */
export function uitRijen(gemeente: GemeenteCode, rijen: GrootboekRijen, positie: number): Grootboek {
  const jaren: Record<string, MutableJaarBoek> = {};
  const jaarVan = (jaar: number): MutableJaarBoek => {
    const sleutel = String(jaar);
    jaren[sleutel] ??= { ...legeJaarBoek(jaar), doelen: {}, boekingen: {}, reservemutaties: {}, toelichtingen: {} };
    return jaren[sleutel];
  };
  for (const rij of rijen.jaren) {
    const jaar = jaarVan(rij.jaar);
    jaar.begrotingVastgesteld = rij.begrotingVastgesteld;
    jaar.jaarrekeningVastgesteld = rij.jaarrekeningVastgesteld;
  }
  for (const rij of rijen.doelen) {
    if (rij.naam !== null && rij.programma !== null) jaarVan(rij.jaar).doelen[rij.code] = { code: rij.code, naam: rij.naam, programma: rij.programma };
    // A doel with no laag in its row was registered but never booked.
    if (!GEBOEKTE_LAGEN.some((laag) => rij.lagen[laag])) continue;
    const lagen: Record<GeboekteLaag, Kolommen> = { ...legeLagen() };
    for (const laag of GEBOEKTE_LAGEN) {
      const kolommen = rij.lagen[laag];
      if (kolommen) {
        lagen[laag] = {
          lasten: new Big(kolommen.lasten),
          baten: new Big(kolommen.baten),
          toevoegingReserves: new Big(kolommen.toevoegingReserves),
          onttrekkingReserves: new Big(kolommen.onttrekkingReserves),
        };
      }
    }
    jaarVan(rij.jaar).boekingen[rij.code] = lagen;
  }
  for (const rij of rijen.reservemutaties) {
    const perReserve = jaarVan(rij.jaar).reservemutaties;
    const totalen: ReservemutatieTotalen = {
      begroot: { toevoegingen: new Big(rij.begrootToevoegingen), onttrekkingen: new Big(rij.begrootOnttrekkingen) },
      realisatie: { toevoegingen: new Big(rij.realisatieToevoegingen), onttrekkingen: new Big(rij.realisatieOnttrekkingen) },
    };
    perReserve[rij.reserve] = { ...(perReserve[rij.reserve] ?? {}), [rij.doel]: totalen };
  }
  for (const rij of rijen.toelichtingen) {
    jaarVan(rij.jaar).toelichtingen[toelichtingSleutel(rij.doel, rij.kolom === '' ? null : rij.kolom)] = {
      tekst: rij.tekst,
      eventId: rij.eventId,
      positie: rij.positie,
    };
  }
  const balanssaldi: Record<string, Balanssaldo[]> = {};
  for (const rij of [...rijen.balanssaldi].sort((a, b) => a.positie - b.positie)) {
    (balanssaldi[rij.reserve] ??= []).push({ datum: rij.datum, saldo: new Big(rij.saldo), positie: rij.positie });
  }
  const bestedingen: Record<string, Record<string, Big>> = {};
  for (const rij of rijen.bestedingen) (bestedingen[rij.krediet] ??= {})[String(rij.jaar)] = new Big(rij.bedrag);

  return {
    gemeente: rijen.gemeente?.naam != null ? { code: gemeente, naam: rijen.gemeente.naam } : null,
    instellingen: rijen.gemeente
      ? { drempelBedrag: new Big(rijen.gemeente.drempelBedrag), drempelPercentage: rijen.gemeente.drempelPercentage }
      : { drempelBedrag: new Big(STANDAARD_DREMPEL_BEDRAG), drempelPercentage: null },
    jaren,
    reserves: Object.fromEntries(
      rijen.reserves.map((rij) => [
        rij.code,
        { code: rij.code, naam: rij.naam, soort: rij.soort, beginsaldo: new Big(rij.beginsaldo), peildatum: rij.peildatum, opgeheven: rij.opgeheven, balanssaldi: balanssaldi[rij.code] ?? [] },
      ]),
    ),
    kredieten: Object.fromEntries(
      rijen.kredieten.map((rij) => [rij.code, { code: rij.code, naam: rij.naam, doel: rij.doel, omvang: new Big(rij.omvang), afgesloten: rij.afgesloten }]),
    ),
    bestedingen,
    projectmutaties: Object.fromEntries(rijen.projectmutaties.map((rij) => [rij.eventId, { krediet: rij.krediet, doel: rij.doel }])),
    positie,
  };
}

type MutableJaarBoek = {
  -readonly [K in keyof JaarBoek]: JaarBoek[K] extends Readonly<Record<string, infer V>> ? Record<string, V> : JaarBoek[K];
};
