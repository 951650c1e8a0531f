import Big from 'big.js';
import { formatBedrag, normaliseerBedrag } from '../../shared/money';
import { bedragTekst } from '../shared/bedrag-tekst';
import { GEMEENTE_CODE_PATTERN } from '../shared/begrippen';
import { conflict, onbekend, ongeldig, regelGeschonden } from '../shared/domain-error';
import { datumVan, type NieuwFeit } from '../shared/nieuw-feit';
import type {
  GemeenteCommand,
  LegBalanssaldoVast,
  RegistreerGemeente,
  StelReserveIn,
  VerleenKrediet,
  WijzigInstellingen,
  WijzigKrediet,
} from './gemeente.commands';
import type { GemeenteEvent } from './gemeente.events';
import type { GemeenteState, GeregistreerdeGemeente } from './gemeente.state';

export interface GemeenteContext {
  /** Doel codes laid down for this gemeente (in any year); a krediet must name one of them. */
  bekendeDoelen: ReadonlySet<string>;
}

type Feiten = NieuwFeit<GemeenteEvent>[];

/** A percentage threshold: a plain non-negative decimal (`10`, `10.0`, `7.5`). */
const PERCENTAGE_PATTERN = /^-?\d{1,3}(\.\d{1,2})?$/;

/** Decides a registry command: the events it leads to, or a `DomainError` with a stable code. */
export function decideGemeente(command: GemeenteCommand, state: GemeenteState, context: GemeenteContext): Feiten {
  if (command.type === 'RegistreerGemeente') return registreerGemeente(command, state);
  if (state.status !== 'geregistreerd') {
    throw onbekend('GEMEENTE.ONBEKEND', `Gemeente ${command.gemeente} is niet geregistreerd.`);
  }
  switch (command.type) {
    case 'WijzigInstellingen':
      return wijzigInstellingen(command);
    case 'StelReserveIn':
      return stelReserveIn(command, state);
    case 'VerleenKrediet':
      return verleenKrediet(command, state, context);
    case 'WijzigKrediet':
      return wijzigKrediet(command, state);
    case 'LegBalanssaldoVast':
      return legBalanssaldoVast(command, state);
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

function registreerGemeente(command: RegistreerGemeente, state: GemeenteState): Feiten {
  if (state.status === 'geregistreerd') {
    throw conflict('GEMEENTE.BESTAAT_AL', `Gemeente ${command.gemeente} is al geregistreerd (als ${state.naam}).`);
  }
  if (!GEMEENTE_CODE_PATTERN.test(command.gemeente)) {
    const melding = `De gemeentecode ${JSON.stringify(command.gemeente)} is geen CBS-code (GM gevolgd door vier cijfers).`;
    throw ongeldig('GEMEENTE.CODE_ONGELDIG', melding, [{ veld: 'code', melding }]);
  }
  if (command.data.naam.trim() === '') {
    const melding = 'De naam van de gemeente is verplicht.';
    throw ongeldig('GEMEENTE.NAAM_ONTBREEKT', melding, [{ veld: 'naam', melding }]);
  }
  return [{ event: { type: 'GemeenteGeregistreerd', data: { gemeente: command.gemeente, naam: command.data.naam } }, datum: datumVan(command.nu) }];
}

function wijzigInstellingen(command: WijzigInstellingen): Feiten {
  const { drempelBedrag, drempelPercentage } = command.data;
  weigerNegatief(drempelBedrag, 'drempelBedrag', 'Het drempelbedrag');
  let percentage: string | null = null;
  if (drempelPercentage !== null) {
    if (!PERCENTAGE_PATTERN.test(drempelPercentage)) {
      const melding = `drempelPercentage ${JSON.stringify(drempelPercentage)} is geen percentage (bijvoorbeeld "10.0").`;
      throw ongeldig('INSTELLINGEN.PERCENTAGE_ONGELDIG', melding, [{ veld: 'drempelPercentage', melding }]);
    }
    const waarde = new Big(drempelPercentage);
    if (waarde.lt(0)) {
      const melding = `drempelPercentage mag niet negatief zijn (${drempelPercentage}).`;
      throw regelGeschonden('INSTELLINGEN.PERCENTAGE_NEGATIEF', melding, [{ veld: 'drempelPercentage', melding }]);
    }
    // Canonical form with at least one decimal, as the verschillenanalyse writes percentages; no rounding.
    const decimalen = drempelPercentage.includes('.') ? drempelPercentage.length - drempelPercentage.indexOf('.') - 1 : 0;
    percentage = waarde.toFixed(Math.max(1, decimalen));
  }
  return [
    {
      event: { type: 'InstellingenGewijzigd', data: { drempelBedrag: normaliseerBedrag(drempelBedrag), drempelPercentage: percentage } },
      datum: datumVan(command.nu),
    },
  ];
}

function stelReserveIn(command: StelReserveIn, state: GeregistreerdeGemeente): Feiten {
  const { reserve, naam, soort, beginsaldo, peildatum } = command.data;
  if (state.reserves[reserve]) {
    const melding = `Reserve ${reserve} bestaat al${state.reserves[reserve].opgeheven ? ' (opgeheven; een code wordt nooit hergebruikt)' : ''}.`;
    throw conflict('RESERVE.BESTAAT_AL', melding, [{ veld: 'code', melding }]);
  }
  weigerNegatief(beginsaldo, 'beginsaldo', 'Het beginsaldo van een reserve');
  return [
    {
      event: { type: 'ReserveIngesteld', data: { reserve, naam, soort, beginsaldo: normaliseerBedrag(beginsaldo), peildatum } },
      datum: peildatum,
    },
  ];
}

function verleenKrediet(command: VerleenKrediet, state: GeregistreerdeGemeente, context: GemeenteContext): Feiten {
  const { krediet, naam, doel, omvang, besluit } = command.data;
  if (state.kredieten[krediet]) {
    const melding = `Krediet ${krediet} bestaat al.`;
    throw conflict('KREDIET.BESTAAT_AL', melding, [{ veld: 'code', melding }]);
  }
  if (!context.bekendeDoelen.has(doel)) {
    const melding = `Doel ${doel} is in geen enkel begrotingsjaar van gemeente ${command.gemeente} vastgelegd; een krediet hoort bij een bestaand doel.`;
    throw regelGeschonden('KREDIET.DOEL_ONBEKEND', melding, [{ veld: 'doel', melding }]);
  }
  weigerNegatief(omvang, 'omvang', 'De omvang van een krediet');
  return [
    {
      event: { type: 'KredietVerleend', data: { krediet, naam, doel, omvang: normaliseerBedrag(omvang), besluit } },
      datum: besluit.datum,
    },
  ];
}

function wijzigKrediet(command: WijzigKrediet, state: GeregistreerdeGemeente): Feiten {
  const { krediet: code, bedrag, besluit } = command.data;
  const krediet = state.kredieten[code];
  if (!krediet) throw onbekend('KREDIET.ONBEKEND', `Krediet ${code} bestaat niet bij gemeente ${command.gemeente}.`);
  if (krediet.afgesloten) throw conflict('KREDIET.AFGESLOTEN', `Krediet ${code} is afgesloten; de omvang kan niet meer wijzigen.`);
  const nieuweOmvang = new Big(krediet.omvang).plus(bedrag);
  if (nieuweOmvang.lt(0)) {
    const melding =
      `De wijziging van ${bedragTekst(new Big(bedrag))} brengt de omvang van krediet ${code} onder nul: ` +
      `de omvang is ${bedragTekst(new Big(krediet.omvang))} en zou ${formatBedrag(nieuweOmvang)} worden.`;
    throw regelGeschonden('KREDIET.OMVANG_NEGATIEF', melding, [{ veld: 'bedrag', melding }]);
  }
  return [{ event: { type: 'KredietGewijzigd', data: { krediet: code, bedrag: normaliseerBedrag(bedrag), besluit } }, datum: besluit.datum }];
}

function legBalanssaldoVast(command: LegBalanssaldoVast, state: GeregistreerdeGemeente): Feiten {
  const { reserve, datum, saldo } = command.data;
  // A dissolved reserve may still be reconciled: its last balance-sheet figure is exactly what an auditor checks.
  if (!state.reserves[reserve]) throw onbekend('RESERVE.ONBEKEND', `Reserve ${reserve} bestaat niet bij gemeente ${command.gemeente}.`);
  return [{ event: { type: 'ReservesaldoVolgensBalansVastgelegd', data: { reserve, datum, saldo: normaliseerBedrag(saldo) } }, datum }];
}

function weigerNegatief(waarde: string, veld: string, wat: string): void {
  if (new Big(waarde).lt(0)) {
    const melding = `${wat} (${veld}) mag niet negatief zijn; het is ${waarde}.`;
    throw regelGeschonden('BEDRAG.NEGATIEF', melding, [{ veld, melding }]);
  }
}
