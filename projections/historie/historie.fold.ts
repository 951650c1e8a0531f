import { formatBedrag, NUL, normaliseerBedrag, type Bedrag } from '../../src/shared/money';
import { upcast } from '../../src/domain/upcast';
import type { Actor, Besluit, Datum, Kolom } from '../../src/domain/shared/begrippen';
import type { RecordedEvent } from '../../src/domain/shared/recorded-event';
import {
  applyEvent,
  begrotingNaWijziging,
  jaarBoek,
  legeGrootboek,
  lagenVan,
  type Grootboek,
  type LedgerEvent,
} from '../grootboek.fold';
import { kolommenJson, type KolommenJson } from '../shared/format';

/**
 * Histories for the auditor: every event with a line on the subject, in positie order, with the
 * decision, the actor, when the ledger learned it and the running totals after it. The functions take
 * the (as-of filtered) events of one gemeente and fold them themselves, because the running totals
 * need the state after each event, not only the final one.
 */

/** A line as stored in the event (amounts normalised to two decimals), so its shape follows the event type. */
export type HistorieRegel = object;

export interface HistorieItem<TStand> {
  eventId: string;
  type: string;
  positie: number;
  recordedAt: string;
  datum: Datum;
  actor: Actor;
  besluit: Besluit | null;
  /** Only the lines that touch the subject; amounts as two-decimal strings. */
  regels: HistorieRegel[];
  stand: TStand;
  /** For a CorrectieGeboekt: the eventId of the event it corrects. */
  correctieVan?: string;
}

export interface Historie<TStand> {
  items: HistorieItem<TStand>[];
}

export interface DoelStand {
  begrotingNaWijziging: KolommenJson;
  jaarrekening: KolommenJson;
}

export interface ReserveStand {
  /** Realised ledger balance after the event: beginsaldo plus every realised mutation so far. */
  saldo: Bedrag;
  /** The budget year of the event, or null for a registry event; `begroot` covers that year. */
  jaar: number | null;
  begroot: { toevoegingen: Bedrag; onttrekkingen: Bedrag } | null;
}

export interface KredietStand {
  omvang: Bedrag;
  besteed: Bedrag;
  restant: Bedrag;
}

/** Lines an event has on the subject, or null when the event does not concern the subject at all. */
type Selectie = (event: LedgerEvent, recorded: RecordedEvent, voor: Grootboek) => HistorieRegel[] | null;

function bouwHistorie<TStand>(events: readonly RecordedEvent[], selecteer: Selectie, stand: (na: Grootboek, event: LedgerEvent) => TStand): Historie<TStand> {
  const geordend = [...events].sort((a, b) => a.positie - b.positie);
  const items: HistorieItem<TStand>[] = [];
  let grootboek = legeGrootboek();
  for (const recorded of geordend) {
    const voor = grootboek;
    grootboek = applyEvent(grootboek, recorded);
    // An event at or below the folded positie was a replay: it is already in the history.
    if (grootboek === voor) continue;
    const event = upcast<LedgerEvent>(recorded);
    const regels = selecteer(event, recorded, voor);
    if (regels === null) continue;
    const item: HistorieItem<TStand> = {
      eventId: recorded.eventId,
      type: recorded.type,
      positie: recorded.positie,
      recordedAt: recorded.recordedAt,
      datum: recorded.datum,
      actor: recorded.metadata.actor,
      besluit: besluitVan(event, recorded),
      regels,
      stand: stand(grootboek, event),
    };
    if (event.type === 'CorrectieGeboekt') item.correctieVan = event.data.corrigeert;
    items.push(item);
  }
  return { items };
}

function besluitVan(event: LedgerEvent, recorded: RecordedEvent): Besluit | null {
  const data = event.data as { besluit?: Besluit };
  return data.besluit ?? recorded.metadata.besluit ?? null;
}

const metBedrag = <T extends { bedrag: Bedrag }>(regel: T): T => ({ ...regel, bedrag: normaliseerBedrag(regel.bedrag) });

// ---------------------------------------------------------------------------------------------
// Doel
// ---------------------------------------------------------------------------------------------

/**
 * Historie of a doel in a year: every event with a line on it, its VerschilToegelicht, and the year's
 * lifecycle events (BegrotingVastgesteld, JaarrekeningVastgesteld) even when they have no line on it.
 */
export function historieVanDoel(events: readonly RecordedEvent[], jaar: number, doel: string): Historie<DoelStand> {
  const selecteer: Selectie = (event) => {
    switch (event.type) {
      case 'BegrotingVastgesteld':
        if (event.data.jaar !== jaar) return null;
        return event.data.regels
          .filter((regel) => regel.doel === doel)
          .map((regel) => ({
            doel: regel.doel,
            lasten: normaliseerBedrag(regel.lasten),
            baten: normaliseerBedrag(regel.baten),
            toevoegingReserves: regel.toevoegingReserves.map(metBedrag),
            onttrekkingReserves: regel.onttrekkingReserves.map(metBedrag),
          }));
      case 'JaarrekeningVastgesteld':
        return event.data.jaar === jaar ? [] : null;
      case 'ProjectmutatieGeboekt':
        if (event.data.jaar !== jaar || event.data.doel !== doel) return null;
        return [metBedrag(zonderJaar(event.data))];
      case 'ReservemutatieGeboekt':
        if (event.data.jaar !== jaar || event.data.doel !== doel) return null;
        return [metBedrag(zonderJaar(event.data))];
      case 'VerschilToegelicht':
        if (event.data.jaar !== jaar || event.data.doel !== doel) return null;
        return [zonderJaar(event.data)];
      case 'BegrotingswijzigingVastgesteld': {
        if (event.data.jaar !== jaar) return null;
        const regels = event.data.onderdelen.flatMap((onderdeel) =>
          onderdeel.regels
            .filter((regel) => regel.doel === doel)
            .map((regel) => ({ ...metBedrag(regel), onderdeel: onderdeel.titel, aard: onderdeel.aard })),
        );
        return regels.length > 0 ? regels : null;
      }
      case 'RealisatieGeboekt':
      case 'CorrectieGeboekt': {
        if (event.data.jaar !== jaar) return null;
        const regels: { doel: string; kolom: Kolom; bedrag: Bedrag }[] = event.data.regels;
        const eigen = regels.filter((regel) => regel.doel === doel).map(metBedrag);
        return eigen.length > 0 ? eigen : null;
      }
      default:
        return null;
    }
  };
  return bouwHistorie(events, selecteer, (na) => {
    const lagen = lagenVan(jaarBoek(na, jaar), doel);
    return { begrotingNaWijziging: kolommenJson(begrotingNaWijziging(lagen)), jaarrekening: kolommenJson(lagen.jaarrekening) };
  });
}

// ---------------------------------------------------------------------------------------------
// Reserve
// ---------------------------------------------------------------------------------------------

/** Historie of a reserve: its registry events and every budgeted or realised line naming it, in every year. */
export function historieVanReserve(events: readonly RecordedEvent[], reserve: string): Historie<ReserveStand> {
  const selecteer: Selectie = (event) => {
    switch (event.type) {
      case 'ReserveIngesteld':
        return event.data.reserve === reserve ? [{ ...event.data, beginsaldo: normaliseerBedrag(event.data.beginsaldo) }] : null;
      case 'ReserveOpgeheven':
        return event.data.reserve === reserve ? [] : null;
      case 'ReservesaldoVolgensBalansVastgelegd':
        return event.data.reserve === reserve ? [{ ...event.data, saldo: normaliseerBedrag(event.data.saldo) }] : null;
      case 'BegrotingVastgesteld': {
        const regels = event.data.regels.flatMap((regel) => [
          ...regel.toevoegingReserves
            .filter((entry) => entry.reserve === reserve)
            .map((entry) => ({ doel: regel.doel, kolom: 'toevoegingReserves', reserve, bedrag: normaliseerBedrag(entry.bedrag) })),
          ...regel.onttrekkingReserves
            .filter((entry) => entry.reserve === reserve)
            .map((entry) => ({ doel: regel.doel, kolom: 'onttrekkingReserves', reserve, bedrag: normaliseerBedrag(entry.bedrag) })),
        ]);
        return regels.length > 0 ? regels : null;
      }
      case 'ProjectmutatieGeboekt':
        return event.data.reserve === reserve ? [metBedrag(zonderJaar(event.data))] : null;
      case 'ReservemutatieGeboekt':
        return event.data.reserve === reserve ? [metBedrag(zonderJaar(event.data))] : null;
      case 'BegrotingswijzigingVastgesteld': {
        const regels = event.data.onderdelen.flatMap((onderdeel) =>
          onderdeel.regels
            .filter((regel) => regel.reserve === reserve)
            .map((regel) => ({ ...metBedrag(regel), onderdeel: onderdeel.titel, aard: onderdeel.aard })),
        );
        return regels.length > 0 ? regels : null;
      }
      case 'CorrectieGeboekt': {
        const regels = event.data.regels.filter((regel) => regel.reserve === reserve).map(metBedrag);
        return regels.length > 0 ? regels : null;
      }
      default:
        return null;
    }
  };
  return bouwHistorie(events, selecteer, (na, event) => {
    const boek = na.reserves[reserve];
    let saldo = boek?.beginsaldo ?? NUL;
    for (const jaarBoekVan of Object.values(na.jaren)) {
      for (const totalen of Object.values(jaarBoekVan.reservemutaties[reserve] ?? {})) {
        saldo = saldo.plus(totalen.realisatie.toevoegingen).minus(totalen.realisatie.onttrekkingen);
      }
    }
    const jaar = jaarVan(event);
    if (jaar === null) return { saldo: formatBedrag(saldo), jaar: null, begroot: null };
    let toevoegingen = NUL;
    let onttrekkingen = NUL;
    for (const totalen of Object.values(jaarBoek(na, jaar).reservemutaties[reserve] ?? {})) {
      toevoegingen = toevoegingen.plus(totalen.begroot.toevoegingen);
      onttrekkingen = onttrekkingen.plus(totalen.begroot.onttrekkingen);
    }
    return { saldo: formatBedrag(saldo), jaar, begroot: { toevoegingen: formatBedrag(toevoegingen), onttrekkingen: formatBedrag(onttrekkingen) } };
  });
}

// ---------------------------------------------------------------------------------------------
// Krediet
// ---------------------------------------------------------------------------------------------

/** Historie of a krediet: grant, changes, closing, its project mutations and corrections of those. */
export function historieVanKrediet(events: readonly RecordedEvent[], krediet: string): Historie<KredietStand> {
  const selecteer: Selectie = (event, _recorded, voor) => {
    switch (event.type) {
      case 'KredietVerleend':
        return event.data.krediet === krediet ? [{ ...zonderBesluit(event.data), omvang: normaliseerBedrag(event.data.omvang) }] : null;
      case 'KredietGewijzigd':
        return event.data.krediet === krediet ? [metBedrag(zonderBesluit(event.data))] : null;
      case 'KredietAfgesloten':
        return event.data.krediet === krediet ? [] : null;
      case 'ProjectmutatieGeboekt':
        return event.data.krediet === krediet ? [metBedrag(zonderJaar(event.data))] : null;
      case 'CorrectieGeboekt': {
        const projectmutatie = voor.projectmutaties[event.data.corrigeert];
        if (projectmutatie?.krediet !== krediet) return null;
        return event.data.regels.map(metBedrag);
      }
      default:
        return null;
    }
  };
  return bouwHistorie(events, selecteer, (na) => {
    const omvang = na.kredieten[krediet]?.omvang ?? NUL;
    // Everything spent so far, in every year: the sum of all years up to the last one booked.
    let besteed = NUL;
    for (const besteding of Object.values(na.bestedingen[krediet] ?? {})) besteed = besteed.plus(besteding);
    return { omvang: formatBedrag(omvang), besteed: formatBedrag(besteed), restant: formatBedrag(omvang.minus(besteed)) };
  });
}

function jaarVan(event: LedgerEvent): number | null {
  const data = event.data as { jaar?: number };
  return typeof data.jaar === 'number' ? data.jaar : null;
}

function zonderJaar<T extends { jaar: number }>(data: T): Omit<T, 'jaar'> {
  const { jaar: _jaar, ...rest } = data;
  return rest;
}

function zonderBesluit<T extends { besluit: Besluit }>(data: T): Omit<T, 'besluit'> {
  const { besluit: _besluit, ...rest } = data;
  return rest;
}
