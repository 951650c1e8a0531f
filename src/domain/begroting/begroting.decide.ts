import Big from 'big.js';
import { formatBedrag, normaliseerBedrag, NUL, som } from '../../shared/money';
import { bedragTekst } from '../shared/bedrag-tekst';
import { type GeboekteLaag, isReserveKolom, type Kolom } from '../shared/begrippen';
import { conflict, type DomainError, onbekend, ongeldig, regelGeschonden, type VeldFout } from '../shared/domain-error';
import { datumVan, type NieuwFeit } from '../shared/nieuw-feit';
import type { GemeenteState, GeregistreerdeGemeente } from '../gemeente/gemeente.state';
import type {
  BegrotingCommand,
  BoekCorrectie,
  BoekProjectmutatie,
  BoekRealisatie,
  BoekReservemutatie,
  LegDoelenVast,
  LichtVerschilToe,
  StelBegrotingVast,
  StelBegrotingswijzigingVast,
  StelJaarrekeningVast,
} from './begroting.commands';
import { type BegrotingEvent, type DoelDefinitie, REALISATIE_REGELS_PER_EVENT, type WijzigingOnderdeel, type WijzigingRegel } from './begroting.events';
import type { BegrotingState, VastgesteldeBegroting } from './begroting.state';

/** What the budget-year decider needs from outside its own stream. */
export interface BegrotingContext {
  /** The gemeente's registry: its reserves (with `opgeheven`) and kredieten (with `afgesloten`). */
  gemeente: GemeenteState;
  /**
   * The realised balance of each reserve now, across all years (amount strings). Only the reserves a
   * command may lower (a realised withdrawal or a correction of the jaarrekening) need to be present.
   */
  reservesaldi: Readonly<Record<string, string>>;
  /** For `BoekCorrectie`: the corrected event as found in this year's stream; undefined when not found. */
  gecorrigeerd?: { eventId: string; type: BegrotingEvent['type'] };
}

type Feiten = NieuwFeit<BegrotingEvent>[];

/** Field errors listed in one answer at most; the detail says how many more there were. */
const MAX_FOUTEN_PER_ANTWOORD = 50;

/** The layer a correction books in follows the type of the event it corrects. */
const LAAG_VAN_GECORRIGEERD: Partial<Record<BegrotingEvent['type'], GeboekteLaag>> = {
  BegrotingVastgesteld: 'vastgesteldeBegroting',
  ProjectmutatieGeboekt: 'mutatiesProjecten',
  BegrotingswijzigingVastgesteld: 'begrotingswijzigingen',
  RealisatieGeboekt: 'jaarrekening',
  ReservemutatieGeboekt: 'jaarrekening',
};

/** Decides a budget-year command: the events it leads to, or a `DomainError` with a stable code. */
export function decideBegroting(command: BegrotingCommand, state: BegrotingState, context: BegrotingContext): Feiten {
  const gemeente = context.gemeente;
  if (gemeente.status !== 'geregistreerd') {
    throw onbekend('GEMEENTE.ONBEKEND', `Gemeente ${command.gemeente} is niet geregistreerd.`);
  }
  switch (command.type) {
    case 'LegDoelenVast':
      return legDoelenVast(command, state);
    case 'StelBegrotingVast':
      return stelBegrotingVast(command, state, gemeente);
    case 'BoekProjectmutatie':
      return boekProjectmutatie(command, state, gemeente);
    case 'StelBegrotingswijzigingVast':
      return stelBegrotingswijzigingVast(command, state, gemeente);
    case 'BoekReservemutatie':
      return boekReservemutatie(command, state, gemeente, context);
    case 'BoekRealisatie':
      return boekRealisatie(command, state);
    case 'LichtVerschilToe':
      return lichtVerschilToe(command, state);
    case 'StelJaarrekeningVast':
      return stelJaarrekeningVast(command, state);
    case 'BoekCorrectie':
      return boekCorrectie(command, state, gemeente, context);
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// One function per command. Order inside each: the state of the year (409), the shape of the input
// (400), what the input names (422), the amounts (422), the cross-line rules (422). Nothing is built
// before every guard has passed.

function legDoelenVast(command: LegDoelenVast, state: BegrotingState): Feiten {
  if (state.status === 'gesloten') throw jaarGesloten(command.jaar, 'er kunnen geen doelen meer worden vastgelegd');
  const { doelen } = command.data;
  toets('BEGROTING.DOEL_DUBBEL', ongeldig, dubbeleCodes(doelen.map((doel, index) => ({ code: doel.code, veld: `doelen[${index}].code` })), 'doel'));
  const gewijzigd: DoelDefinitie[] = doelen
    .filter((doel) => {
      const bestaand = state.doelen[doel.code];
      return !bestaand || bestaand.naam !== doel.naam || bestaand.programma !== doel.programma;
    })
    .map((doel) => ({ code: doel.code, naam: doel.naam, programma: doel.programma }));
  if (gewijzigd.length === 0) return [];
  return [{ event: { type: 'DoelenVastgelegd', data: { jaar: command.jaar, doelen: gewijzigd } }, datum: datumVan(command.nu) }];
}

function stelBegrotingVast(command: StelBegrotingVast, state: BegrotingState, gemeente: GeregistreerdeGemeente): Feiten {
  if (state.status === 'gesloten') throw jaarGesloten(command.jaar, 'de begroting kan niet meer worden vastgesteld');
  if (state.status === 'vastgesteld') {
    throw conflict('BEGROTING.AL_VASTGESTELD', `Regel 1: de begroting ${command.jaar} is al vastgesteld (besluit van ${state.vastgesteldOp}); een begroting wordt één keer vastgesteld, wijzig haar met een begrotingswijziging.`);
  }
  const { besluit, regels } = command.data;
  toetsNietLeeg(regels.length, 'regels', 'een vaststelling');
  toets('BEGROTING.DOEL_DUBBEL', regelGeschonden, dubbeleCodes(regels.map((regel, i) => ({ code: regel.doel, veld: `regels[${i}].doel` })), 'doel'));
  toetsDoelen(state, command.jaar, regels.map((regel, i) => ({ code: regel.doel, veld: `regels[${i}].doel` })));
  const reserveRegels = regels.flatMap((regel, i) => [
    ...regel.toevoegingReserves.map((entry, j) => ({ ...entry, veld: `regels[${i}].toevoegingReserves[${j}]` })),
    ...regel.onttrekkingReserves.map((entry, j) => ({ ...entry, veld: `regels[${i}].onttrekkingReserves[${j}]` })),
  ]);
  toets(
    'BEGROTING.RESERVE_ONTBREEKT',
    regelGeschonden,
    reserveRegels.filter((entry) => !entry.reserve).map((entry) => fout(`${entry.veld}.reserve`, 'Regel 7: elk reservebedrag noemt zijn reserve.')),
  );
  toetsReserves(gemeente, reserveRegels.map((entry) => ({ code: entry.reserve, veld: `${entry.veld}.reserve` })));
  toetsNietNegatief([
    ...regels.flatMap((regel, i) => [
      { bedrag: regel.lasten, veld: `regels[${i}].lasten` },
      { bedrag: regel.baten, veld: `regels[${i}].baten` },
    ]),
    ...reserveRegels.map((entry) => ({ bedrag: entry.bedrag, veld: `${entry.veld}.bedrag` })),
  ]);
  const genormaliseerd = regels.map((regel) => ({
    doel: regel.doel,
    lasten: normaliseerBedrag(regel.lasten),
    baten: normaliseerBedrag(regel.baten),
    toevoegingReserves: regel.toevoegingReserves.map((entry) => ({ reserve: entry.reserve, bedrag: normaliseerBedrag(entry.bedrag) })),
    onttrekkingReserves: regel.onttrekkingReserves.map((entry) => ({ reserve: entry.reserve, bedrag: normaliseerBedrag(entry.bedrag) })),
  }));
  return [{ event: { type: 'BegrotingVastgesteld', data: { jaar: command.jaar, besluit, regels: genormaliseerd } }, datum: besluit.datum }];
}

function boekProjectmutatie(command: BoekProjectmutatie, state: BegrotingState, gemeente: GeregistreerdeGemeente): Feiten {
  const vastgesteld = eisOpenVastgesteldeBegroting(command.jaar, state, 'een projectmutatie');
  const { krediet: code, doel, bedrag, reserve, datum } = command.data;
  toetsDatumInJaar(datum, command.jaar, 'datum');
  toetsDoelen(vastgesteld, command.jaar, [{ code: doel, veld: 'doel' }]);
  const krediet = gemeente.kredieten[code];
  if (!krediet) {
    const melding = `Regel 3: krediet ${code} bestaat niet bij gemeente ${command.gemeente}.`;
    throw regelGeschonden('BEGROTING.KREDIET_ONBEKEND', melding, [{ veld: 'krediet', melding }]);
  }
  if (krediet.afgesloten) {
    const melding = `Regel 3: krediet ${code} is afgesloten; er kunnen geen bestedingen meer op worden geboekt.`;
    throw regelGeschonden('BEGROTING.KREDIET_AFGESLOTEN', melding, [{ veld: 'krediet', melding }]);
  }
  if (krediet.doel !== doel) {
    const melding = `Krediet ${code} hoort bij doel ${krediet.doel}, niet bij doel ${doel}; een projectmutatie wordt geboekt op het doel van het krediet.`;
    throw regelGeschonden('BEGROTING.KREDIET_ANDER_DOEL', melding, [{ veld: 'doel', melding }]);
  }
  if (reserve !== undefined) toetsReserves(gemeente, [{ code: reserve, veld: 'reserve' }]);
  // The amount may be signed: a negative project mutation reverses an earlier one.
  return [
    {
      event: {
        type: 'ProjectmutatieGeboekt',
        data: { jaar: command.jaar, krediet: code, doel, bedrag: normaliseerBedrag(bedrag), ...(reserve !== undefined ? { reserve } : {}) },
      },
      datum,
    },
  ];
}

function stelBegrotingswijzigingVast(command: StelBegrotingswijzigingVast, state: BegrotingState, gemeente: GeregistreerdeGemeente): Feiten {
  const vastgesteld = eisOpenVastgesteldeBegroting(command.jaar, state, 'een begrotingswijziging');
  const { kenmerk, besluit, onderdelen } = command.data;
  if (vastgesteld.kenmerken.begrotingswijziging[kenmerk]) {
    const melding = `Regel 8: begrotingswijziging met kenmerk "${kenmerk}" is in ${command.jaar} al vastgesteld.`;
    throw conflict('BEGROTING.KENMERK_DUBBEL', melding, [{ veld: 'kenmerk', melding }]);
  }
  toetsNietLeeg(onderdelen.length, 'onderdelen', 'een begrotingswijziging');
  toets(
    'BEGROTING.GEEN_REGELS',
    ongeldig,
    onderdelen.flatMap((onderdeel, i) =>
      onderdeel.regels.length === 0 ? [fout(`onderdelen[${i}].regels`, `Onderdeel "${onderdeel.titel}" heeft geen regels.`)] : [],
    ),
  );
  const regels = onderdelen.flatMap((onderdeel, i) => onderdeel.regels.map((regel, j) => ({ ...regel, veld: `onderdelen[${i}].regels[${j}]` })));
  toetsDoelen(vastgesteld, command.jaar, regels.map((regel) => ({ code: regel.doel, veld: `${regel.veld}.doel` })));
  toetsReserveKolommen(gemeente, regels);
  toets('BEGROTING.NIET_BUDGETNEUTRAAL', regelGeschonden, onderdelen.flatMap(nietNeutraal));
  const genormaliseerd: WijzigingOnderdeel[] = onderdelen.map((onderdeel) => ({
    titel: onderdeel.titel,
    budgettairNeutraal: onderdeel.budgettairNeutraal,
    aard: onderdeel.aard,
    ...(onderdeel.toelichting !== undefined ? { toelichting: onderdeel.toelichting } : {}),
    regels: onderdeel.regels.map(normaliseerRegel),
  }));
  return [
    {
      event: { type: 'BegrotingswijzigingVastgesteld', data: { jaar: command.jaar, kenmerk, besluit, onderdelen: genormaliseerd } },
      datum: besluit.datum,
    },
  ];
}

function boekReservemutatie(
  command: BoekReservemutatie,
  state: BegrotingState,
  gemeente: GeregistreerdeGemeente,
  context: BegrotingContext,
): Feiten {
  const vastgesteld = eisOpenVastgesteldeBegroting(command.jaar, state, 'een reservemutatie');
  const { reserve, doel, soort, bedrag, datum } = command.data;
  toetsDatumInJaar(datum, command.jaar, 'datum');
  toetsDoelen(vastgesteld, command.jaar, [{ code: doel, veld: 'doel' }]);
  toetsReserves(gemeente, [{ code: reserve, veld: 'reserve' }]);
  if (new Big(bedrag).lte(0)) {
    const melding = `Het bedrag van een reservemutatie moet groter dan nul zijn (de soort "${soort}" geeft de richting); het is ${bedrag}.`;
    throw regelGeschonden('BEDRAG.NIET_POSITIEF', melding, [{ veld: 'bedrag', melding }]);
  }
  if (soort === 'onttrekking') toetsReservesaldo(context, reserve, new Big(bedrag).neg(), 'bedrag');
  return [
    {
      event: { type: 'ReservemutatieGeboekt', data: { jaar: command.jaar, reserve, doel, soort, bedrag: normaliseerBedrag(bedrag) } },
      datum,
    },
  ];
}

function boekRealisatie(command: BoekRealisatie, state: BegrotingState): Feiten {
  const vastgesteld = eisOpenVastgesteldeBegroting(command.jaar, state, 'een realisatie');
  const { datum, kenmerk, regels } = command.data;
  if (kenmerk !== undefined && vastgesteld.kenmerken.realisatie[kenmerk]) {
    const melding = `Regel 8: een realisatie met kenmerk "${kenmerk}" is in ${command.jaar} al geboekt.`;
    throw conflict('BEGROTING.KENMERK_DUBBEL', melding, [{ veld: 'kenmerk', melding }]);
  }
  toetsDatumInJaar(datum, command.jaar, 'datum');
  toetsNietLeeg(regels.length, 'regels', 'een realisatie');
  toetsDoelen(vastgesteld, command.jaar, onbekendeDoelen(vastgesteld, regels));
  // Realised lines are signed deltas: a correction before closing is simply another delta.
  const genormaliseerd = regels.map((regel) => ({ doel: regel.doel, kolom: regel.kolom, bedrag: normaliseerBedrag(regel.bedrag) }));
  const van = Math.ceil(genormaliseerd.length / REALISATIE_REGELS_PER_EVENT);
  return Array.from({ length: van }, (_, index) => ({
    event: {
      type: 'RealisatieGeboekt' as const,
      data: {
        jaar: command.jaar,
        ...(kenmerk !== undefined ? { kenmerk } : {}),
        regels: genormaliseerd.slice(index * REALISATIE_REGELS_PER_EVENT, (index + 1) * REALISATIE_REGELS_PER_EVENT),
        ...(van > 1 ? { deel: { nummer: index + 1, van } } : {}),
      },
    },
    datum,
  }));
}

function lichtVerschilToe(command: LichtVerschilToe, state: BegrotingState): Feiten {
  const vastgesteld = eisOpenVastgesteldeBegroting(command.jaar, state, 'een toelichting');
  const { doel, kolom, tekst } = command.data;
  if (tekst.trim() === '') {
    const melding = 'Een toelichting heeft tekst nodig.';
    throw ongeldig('BEGROTING.TOELICHTING_LEEG', melding, [{ veld: 'tekst', melding }]);
  }
  toetsDoelen(vastgesteld, command.jaar, [{ code: doel, veld: 'doel' }]);
  return [
    {
      event: { type: 'VerschilToegelicht', data: { jaar: command.jaar, doel, ...(kolom !== undefined ? { kolom } : {}), tekst } },
      datum: datumVan(command.nu),
    },
  ];
}

function stelJaarrekeningVast(command: StelJaarrekeningVast, state: BegrotingState): Feiten {
  eisOpenVastgesteldeBegroting(command.jaar, state, 'de jaarrekening');
  const { besluit } = command.data;
  return [{ event: { type: 'JaarrekeningVastgesteld', data: { jaar: command.jaar, besluit } }, datum: besluit.datum }];
}

function boekCorrectie(command: BoekCorrectie, state: BegrotingState, gemeente: GeregistreerdeGemeente, context: BegrotingContext): Feiten {
  if (state.status === 'open') throw nietVastgesteld(command.jaar, 'een correctie');
  const { corrigeert, reden, regels, datum } = command.data;
  const gecorrigeerd = context.gecorrigeerd;
  if (!gecorrigeerd || gecorrigeerd.eventId !== corrigeert) {
    const melding = `Het gecorrigeerde event ${corrigeert} bestaat niet in de begroting ${command.jaar}.`;
    throw regelGeschonden('BEGROTING.GECORRIGEERD_EVENT_ONBEKEND', melding, [{ veld: 'corrigeert', melding }]);
  }
  const laag = LAAG_VAN_GECORRIGEERD[gecorrigeerd.type];
  if (!laag) {
    const melding = `Een ${gecorrigeerd.type} boekt geen bedragen en kan niet met een correctie worden gecorrigeerd.`;
    throw regelGeschonden('BEGROTING.NIET_CORRIGEERBAAR', melding, [{ veld: 'corrigeert', melding }]);
  }
  if (reden.trim() === '') {
    const melding = 'Een correctie noemt haar reden.';
    throw ongeldig('BEGROTING.REDEN_ONTBREEKT', melding, [{ veld: 'reden', melding }]);
  }
  toetsNietLeeg(regels.length, 'regels', 'een correctie');
  const metVeld = regels.map((regel, i) => ({ ...regel, veld: `regels[${i}]` }));
  toetsDoelen(state, command.jaar, metVeld.map((regel) => ({ code: regel.doel, veld: `${regel.veld}.doel` })));
  toetsReserveKolommen(gemeente, metVeld);
  if (laag === 'jaarrekening') {
    // A correction of the jaarrekening changes realised balances: rule 6 holds for its net effect per reserve.
    const deltaPerReserve = new Map<string, { delta: Big; veld: string }>();
    for (const regel of metVeld) {
      if (!regel.reserve || !isReserveKolom(regel.kolom)) continue;
      const delta = regel.kolom === 'toevoegingReserves' ? new Big(regel.bedrag) : new Big(regel.bedrag).neg();
      const eerder = deltaPerReserve.get(regel.reserve);
      deltaPerReserve.set(regel.reserve, { delta: (eerder?.delta ?? NUL).plus(delta), veld: eerder?.veld ?? `${regel.veld}.bedrag` });
    }
    for (const [reserve, { delta, veld }] of deltaPerReserve) if (delta.lt(0)) toetsReservesaldo(context, reserve, delta, veld);
  }
  return [
    {
      event: {
        type: 'CorrectieGeboekt',
        data: { jaar: command.jaar, corrigeert, laag, reden, regels: regels.map(normaliseerRegel) },
      },
      datum: datum ?? datumVan(command.nu),
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Guards shared by the commands.

interface Verwijzing {
  code: string;
  veld: string;
}

/** The `regels[i].doel` references to doelen the state does not know; a realisatie may have 200,000 lines, most of them fine. */
function onbekendeDoelen(state: BegrotingState, regels: readonly { doel: string }[]): Verwijzing[] {
  const onbekend: Verwijzing[] = [];
  regels.forEach((regel, i) => {
    if (!Object.hasOwn(state.doelen, regel.doel)) onbekend.push({ code: regel.doel, veld: `regels[${i}].doel` });
  });
  return onbekend;
}

const fout = (veld: string, melding: string): VeldFout => ({ veld, melding });

/** Throws `code` with every field error of one rule at once, so a client can fix them in one go. */
function toets(code: string, maak: (code: string, detail: string, fouten: VeldFout[]) => DomainError, fouten: VeldFout[]): void {
  if (fouten.length === 0) return;
  const getoond = fouten.slice(0, MAX_FOUTEN_PER_ANTWOORD);
  const rest = fouten.length - getoond.length;
  const detail = getoond.map((f) => f.melding).join(' ') + (rest > 0 ? ` En nog ${rest} vergelijkbare fouten.` : '');
  throw maak(code, detail, getoond);
}

function nietVastgesteld(jaar: number, wat: string): DomainError {
  return conflict('BEGROTING.NIET_VASTGESTELD', `Regel 2: de begroting ${jaar} is nog niet vastgesteld; ${wat} vraagt een vastgestelde begroting.`);
}

function jaarGesloten(jaar: number, gevolg: string): DomainError {
  return conflict('BEGROTING.JAAR_GESLOTEN', `Regel 2: de jaarrekening ${jaar} is vastgesteld en het jaar is gesloten; ${gevolg}. Alleen een correctie is nog mogelijk.`);
}

/** Rule 2: bookings need an adopted budget in a year that is not closed. */
function eisOpenVastgesteldeBegroting(jaar: number, state: BegrotingState, wat: string): VastgesteldeBegroting {
  if (state.status === 'open') throw nietVastgesteld(jaar, wat);
  if (state.status === 'gesloten') throw jaarGesloten(jaar, `${wat} kan niet meer worden geboekt`);
  return state;
}

function toetsNietLeeg(aantal: number, veld: string, wat: string): void {
  if (aantal > 0) return;
  const melding = `${veld} is leeg; ${wat} heeft ten minste één regel nodig.`;
  throw ongeldig('BEGROTING.GEEN_REGELS', melding, [{ veld, melding }]);
}

function toetsDatumInJaar(datum: string, jaar: number, veld: string): void {
  if (datum.slice(0, 4) === String(jaar)) return;
  const melding = `${veld} ${datum} ligt buiten het begrotingsjaar ${jaar}.`;
  throw regelGeschonden('BEGROTING.DATUM_BUITEN_JAAR', melding, [{ veld, melding }]);
}

function dubbeleCodes(verwijzingen: Verwijzing[], wat: string): VeldFout[] {
  const gezien = new Set<string>();
  const fouten: VeldFout[] = [];
  for (const { code, veld } of verwijzingen) {
    if (gezien.has(code)) fouten.push(fout(veld, `${veld}: ${wat} ${code} komt meer dan eens voor.`));
    gezien.add(code);
  }
  return fouten;
}

/** Rule 3: every doel named must be laid down for the year. */
function toetsDoelen(state: BegrotingState, jaar: number, verwijzingen: Verwijzing[]): void {
  toets(
    'BEGROTING.DOEL_ONBEKEND',
    regelGeschonden,
    verwijzingen
      .filter(({ code }) => !Object.hasOwn(state.doelen, code))
      .map(({ code, veld }) => fout(veld, `Regel 3: doel ${code} (${veld}) is niet vastgelegd voor ${jaar}.`)),
  );
}

/** Rule 3: every reserve named must exist and not be dissolved. */
function toetsReserves(gemeente: GeregistreerdeGemeente, verwijzingen: Verwijzing[]): void {
  toets(
    'BEGROTING.RESERVE_ONBEKEND',
    regelGeschonden,
    verwijzingen
      .filter(({ code }) => !Object.hasOwn(gemeente.reserves, code))
      .map(({ code, veld }) => fout(veld, `Regel 3: reserve ${code} (${veld}) bestaat niet bij gemeente ${gemeente.gemeente}.`)),
  );
  toets(
    'BEGROTING.RESERVE_OPGEHEVEN',
    regelGeschonden,
    verwijzingen
      .filter(({ code }) => gemeente.reserves[code].opgeheven)
      .map(({ code, veld }) => fout(veld, `Regel 3: reserve ${code} (${veld}) is opgeheven; er kan niet meer op worden geboekt.`)),
  );
}

/** Rule 7: a line on a reserve column names its reserve; a line on lasten or baten names none. */
function toetsReserveKolommen(gemeente: GeregistreerdeGemeente, regels: { kolom: Kolom; reserve?: string; veld: string }[]): void {
  toets(
    'BEGROTING.RESERVE_ONTBREEKT',
    regelGeschonden,
    regels
      .filter((regel) => isReserveKolom(regel.kolom) && !regel.reserve)
      .map((regel) => fout(`${regel.veld}.reserve`, `Regel 7: ${regel.veld} boekt op ${regel.kolom} en moet zijn reserve noemen.`)),
  );
  toets(
    'BEGROTING.RESERVE_NIET_TOEGESTAAN',
    regelGeschonden,
    regels
      .filter((regel) => !isReserveKolom(regel.kolom) && regel.reserve !== undefined)
      .map((regel) => fout(`${regel.veld}.reserve`, `${regel.veld} boekt op ${regel.kolom}; alleen toevoegingReserves en onttrekkingReserves noemen een reserve.`)),
  );
  toetsReserves(
    gemeente,
    regels.flatMap((regel) => (regel.reserve ? [{ code: regel.reserve, veld: `${regel.veld}.reserve` }] : [])),
  );
}

/** Rule 4: adopted amounts are not negative (zero is fine). */
function toetsNietNegatief(bedragen: { bedrag: string; veld: string }[]): void {
  toets(
    'BEDRAG.NEGATIEF',
    regelGeschonden,
    bedragen
      .filter(({ bedrag }) => new Big(bedrag).lt(0))
      .map(({ bedrag, veld }) => fout(veld, `Regel 4: ${veld} is ${bedrag}; een vastgesteld bedrag is niet negatief.`)),
  );
}

/** Rule 5: Σ lasten − Σ baten + Σ toevoegingReserves − Σ onttrekkingReserves of a budget-neutral onderdeel is 0. */
function nietNeutraal(onderdeel: WijzigingOnderdeel, index: number): VeldFout[] {
  if (!onderdeel.budgettairNeutraal) return [];
  const verschil = saldoVanRegels(onderdeel.regels);
  if (verschil.eq(0)) return [];
  const groter = verschil.gt(0)
    ? 'de lasten en toevoegingen aan reserves zijn groter dan de baten en onttrekkingen aan reserves'
    : 'de baten en onttrekkingen aan reserves zijn groter dan de lasten en toevoegingen aan reserves';
  return [
    fout(
      `onderdelen[${index}]`,
      `Regel 5: onderdeel "${onderdeel.titel}" (onderdelen[${index}]) is niet budgettair neutraal: het verschil is ${bedragTekst(verschil.abs())}; ${groter}. ` +
        'Σ lasten − Σ baten + Σ toevoegingReserves − Σ onttrekkingReserves moet 0 zijn.',
    ),
  ];
}

/** Σ lasten − Σ baten + Σ toevoegingReserves − Σ onttrekkingReserves. Exported for the specs and for reports that show it. */
export function saldoVanRegels(regels: readonly WijzigingRegel[]): Big {
  const teken: Record<Kolom, 1 | -1> = { lasten: 1, baten: -1, toevoegingReserves: 1, onttrekkingReserves: -1 };
  return som(regels.map((regel) => new Big(regel.bedrag).times(teken[regel.kolom])));
}

/** Rule 6: a realised withdrawal may not bring the reserve's balance (across all years) below zero. */
function toetsReservesaldo(context: BegrotingContext, reserve: string, delta: Big, veld: string): void {
  const huidig = context.reservesaldi[reserve];
  // The caller loads the balance of every reserve the command may lower; a missing one is a wiring bug, not a user error.
  if (huidig === undefined) throw new Error(`reservesaldo van ${reserve} ontbreekt in de context van de beslissing`);
  const saldo = new Big(huidig);
  const nieuw = saldo.plus(delta);
  if (nieuw.gte(0)) return;
  const melding =
    `Regel 6: de onttrekking van ${bedragTekst(delta.abs())} aan reserve ${reserve} brengt het saldo onder nul: ` +
    `het gerealiseerde saldo is ${bedragTekst(saldo)} en zou ${formatBedrag(nieuw)} worden.`;
  throw regelGeschonden('RESERVE.SALDO_NEGATIEF', melding, [{ veld, melding }]);
}

function normaliseerRegel<R extends { doel: string; kolom: Kolom; bedrag: string; reserve?: string }>(regel: R) {
  return {
    doel: regel.doel,
    kolom: regel.kolom,
    bedrag: normaliseerBedrag(regel.bedrag),
    ...(regel.reserve !== undefined ? { reserve: regel.reserve } : {}),
  };
}
