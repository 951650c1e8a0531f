import Big from 'big.js';
import { type Bedrag, formatBedrag } from '../../shared/money';
import type { Datum, GemeenteCode, ReserveSoort } from '../shared/begrippen';
import type { GemeenteEvent } from './gemeente.events';

/** The variance thresholds of a gemeente (API.md: default `100000.00` and no percentage). */
export interface Instellingen {
  drempelBedrag: Bedrag;
  /** Null: no percentage threshold. */
  drempelPercentage: string | null;
}

export const STANDAARD_INSTELLINGEN: Instellingen = { drempelBedrag: '100000.00', drempelPercentage: null };

export interface ReserveInRegister {
  code: string;
  naam: string;
  soort: ReserveSoort;
  beginsaldo: Bedrag;
  peildatum: Datum;
  /** A dissolved reserve keeps its code (it can never be reused) but cannot be named in new bookings. */
  opgeheven: boolean;
}

export interface KredietInRegister {
  code: string;
  naam: string;
  doel: string;
  /** The authorised size after every raise and cut, two decimals. */
  omvang: Bedrag;
  afgesloten: boolean;
}

/** Before `GemeenteGeregistreerd` nothing else can be known about a gemeente. */
export interface OnbekendeGemeente {
  status: 'onbekend';
}

export interface GeregistreerdeGemeente {
  status: 'geregistreerd';
  gemeente: GemeenteCode;
  naam: string;
  instellingen: Instellingen;
  reserves: Readonly<Record<string, ReserveInRegister>>;
  kredieten: Readonly<Record<string, KredietInRegister>>;
}

export type GemeenteState = OnbekendeGemeente | GeregistreerdeGemeente;

export const initialGemeenteState: GemeenteState = { status: 'onbekend' };

/**
 * Folds one registry fact into the state. Never throws: the decider only ever records facts that fit
 * the state, so an event that cannot apply (anything before registration, a change to an unknown
 * krediet) changes nothing rather than inventing a state.
 */
export function evolveGemeente(state: GemeenteState, event: GemeenteEvent): GemeenteState {
  if (event.type === 'GemeenteGeregistreerd') {
    if (state.status === 'geregistreerd') return { ...state, naam: event.data.naam };
    return {
      status: 'geregistreerd',
      gemeente: event.data.gemeente,
      naam: event.data.naam,
      instellingen: STANDAARD_INSTELLINGEN,
      reserves: {},
      kredieten: {},
    };
  }
  if (state.status !== 'geregistreerd') return state;

  switch (event.type) {
    case 'InstellingenGewijzigd':
      return { ...state, instellingen: { drempelBedrag: event.data.drempelBedrag, drempelPercentage: event.data.drempelPercentage } };
    case 'ReserveIngesteld': {
      const { reserve, naam, soort, beginsaldo, peildatum } = event.data;
      return { ...state, reserves: { ...state.reserves, [reserve]: { code: reserve, naam, soort, beginsaldo, peildatum, opgeheven: false } } };
    }
    case 'ReserveOpgeheven': {
      const reserve = state.reserves[event.data.reserve];
      if (!reserve) return state;
      return { ...state, reserves: { ...state.reserves, [reserve.code]: { ...reserve, opgeheven: true } } };
    }
    case 'KredietVerleend': {
      const { krediet, naam, doel, omvang } = event.data;
      return { ...state, kredieten: { ...state.kredieten, [krediet]: { code: krediet, naam, doel, omvang, afgesloten: false } } };
    }
    case 'KredietGewijzigd': {
      const krediet = state.kredieten[event.data.krediet];
      if (!krediet) return state;
      const omvang = formatBedrag(new Big(krediet.omvang).plus(event.data.bedrag));
      return { ...state, kredieten: { ...state.kredieten, [krediet.code]: { ...krediet, omvang } } };
    }
    case 'KredietAfgesloten': {
      const krediet = state.kredieten[event.data.krediet];
      if (!krediet) return state;
      return { ...state, kredieten: { ...state.kredieten, [krediet.code]: { ...krediet, afgesloten: true } } };
    }
    case 'ReservesaldoVolgensBalansVastgelegd':
      // A stated balance is only reconciled against in reports; no rule depends on it.
      return state;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}
