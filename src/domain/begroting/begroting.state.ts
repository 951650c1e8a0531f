import type { Datum } from '../shared/begrippen';
import type { BegrotingEvent, DoelDefinitie } from './begroting.events';

/**
 * Kenmerken already booked this year, per kind of event (rule 8: the same kenmerk is not booked twice
 * for the same kind of event in a year). Keyed by kenmerk.
 */
export interface Kenmerken {
  begrotingswijziging: Readonly<Record<string, true>>;
  realisatie: Readonly<Record<string, true>>;
}

/** Doelen laid down for the year, by code. Doelen may be laid down in every status, so all states carry them. */
export type Doelen = Readonly<Record<string, DoelDefinitie>>;

/** The year's doelen may be laid down, but the raad has not adopted the budget: nothing can be booked yet. */
export interface OpenBegroting {
  status: 'open';
  doelen: Doelen;
}

/** The budget is adopted: amendments, project mutations, realisations, reserve mutations and explanations follow. */
export interface VastgesteldeBegroting {
  status: 'vastgesteld';
  doelen: Doelen;
  vastgesteldOp: Datum;
  kenmerken: Kenmerken;
}

/** The jaarrekening is adopted: the year is closed and only corrections follow. */
export interface GeslotenBegroting {
  status: 'gesloten';
  doelen: Doelen;
  vastgesteldOp: Datum;
  geslotenOp: Datum;
  kenmerken: Kenmerken;
}

export type BegrotingState = OpenBegroting | VastgesteldeBegroting | GeslotenBegroting;

export const initialBegrotingState: BegrotingState = { status: 'open', doelen: {} };

const GEEN_KENMERKEN: Kenmerken = { begrotingswijziging: {}, realisatie: {} };

/**
 * Folds one fact of the budget year into the state. Never throws. The decider only records facts that
 * fit the state; a fact that could not have been decided in the current status (an amendment before
 * adoption, a second adoption) changes nothing, so the state stays one of the three legal shapes.
 */
export function evolveBegroting(state: BegrotingState, event: BegrotingEvent): BegrotingState {
  switch (event.type) {
    case 'DoelenVastgelegd': {
      const doelen: Record<string, DoelDefinitie> = { ...state.doelen };
      for (const doel of event.data.doelen) doelen[doel.code] = { code: doel.code, naam: doel.naam, programma: doel.programma };
      return { ...state, doelen };
    }
    case 'BegrotingVastgesteld':
      if (state.status !== 'open') return state;
      return { status: 'vastgesteld', doelen: state.doelen, vastgesteldOp: event.data.besluit.datum, kenmerken: GEEN_KENMERKEN };
    case 'BegrotingswijzigingVastgesteld':
      if (state.status === 'open') return state;
      return {
        ...state,
        kenmerken: { ...state.kenmerken, begrotingswijziging: { ...state.kenmerken.begrotingswijziging, [event.data.kenmerk]: true } },
      };
    case 'RealisatieGeboekt': {
      const kenmerk = event.data.kenmerk;
      if (state.status === 'open' || kenmerk === undefined) return state;
      return { ...state, kenmerken: { ...state.kenmerken, realisatie: { ...state.kenmerken.realisatie, [kenmerk]: true } } };
    }
    case 'JaarrekeningVastgesteld':
      if (state.status !== 'vastgesteld') return state;
      return { ...state, status: 'gesloten', geslotenOp: event.data.besluit.datum };
    case 'ProjectmutatieGeboekt':
    case 'ReservemutatieGeboekt':
    case 'VerschilToegelicht':
    case 'CorrectieGeboekt':
      // Amounts live in the projections; no rule of the decider depends on them within the year.
      return state;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}
