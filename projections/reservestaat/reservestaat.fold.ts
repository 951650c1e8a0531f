import type Big from 'big.js';
import { formatBedrag, NUL, type Bedrag } from '../../src/shared/money';
import type { Doel, GemeenteCode, ReserveSoort } from '../../src/domain/shared/begrippen';
import {
  balanssaldoIn,
  jaarBoek,
  reservesaldi,
  type Grootboek,
  type MutatieTotalen,
  type ReserveBoek,
} from '../grootboek.fold';
import { doelObject, sorteerCodes } from '../shared/codes';

export interface BegrootEnRealisatie {
  begroot: Bedrag;
  realisatie: Bedrag;
}

/** The `reservestaat` answer of API.md. */
export interface Reservestaat {
  gemeente: GemeenteCode;
  jaar: number;
  reserve: { code: string; naam: string; soort: ReserveSoort };
  saldoBegin: Bedrag;
  toevoegingen: BegrootEnRealisatie;
  onttrekkingen: BegrootEnRealisatie;
  saldoEind: Bedrag;
  perDoel: { doel: Doel; toevoegingen: BegrootEnRealisatie; onttrekkingen: BegrootEnRealisatie }[];
  saldoVolgensBalans: Bedrag | null;
  verschilMetBalans: Bedrag | null;
}

/**
 * Staat van reserves for one reserve and year: saldo 1 januari + realised toevoegingen − realised
 * onttrekkingen = saldo 31 december, with the budgeted mutations (begroting na wijziging) beside them,
 * broken down per doel and reconciled against the latest balance-sheet figure dated in the year.
 * `verschilMetBalans` = saldoVolgensBalans − saldoEind: positive means the balance sheet shows more.
 * Null when the reserve is unknown (the HTTP layer answers 404).
 */
export function reservestaat(grootboek: Grootboek, gemeente: GemeenteCode, reserveCode: string, jaar: number): Reservestaat | null {
  const reserve = grootboek.reserves[reserveCode];
  if (!reserve) return null;
  const boekjaar = jaarBoek(grootboek, jaar);
  const perDoel = boekjaar.reservemutaties[reserveCode] ?? {};

  let begroot: MutatieTotalen = { toevoegingen: NUL, onttrekkingen: NUL };
  let realisatie: MutatieTotalen = { toevoegingen: NUL, onttrekkingen: NUL };
  for (const totalen of Object.values(perDoel)) {
    begroot = telOp(begroot, totalen.begroot);
    realisatie = telOp(realisatie, totalen.realisatie);
  }

  const { begin, eind } = reservesaldi(grootboek, reserve, jaar);
  const balans = balanssaldoIn(reserve, jaar);

  return {
    gemeente,
    jaar,
    reserve: reserveObject(reserve),
    saldoBegin: formatBedrag(begin),
    toevoegingen: paar(begroot.toevoegingen, realisatie.toevoegingen),
    onttrekkingen: paar(begroot.onttrekkingen, realisatie.onttrekkingen),
    saldoEind: formatBedrag(eind),
    perDoel: sorteerCodes(Object.keys(perDoel)).map((doelCode) => ({
      doel: doelObject(doelCode, boekjaar.doelen[doelCode]),
      toevoegingen: paar(perDoel[doelCode].begroot.toevoegingen, perDoel[doelCode].realisatie.toevoegingen),
      onttrekkingen: paar(perDoel[doelCode].begroot.onttrekkingen, perDoel[doelCode].realisatie.onttrekkingen),
    })),
    saldoVolgensBalans: balans ? formatBedrag(balans.saldo) : null,
    verschilMetBalans: balans ? formatBedrag(balans.saldo.minus(eind)) : null,
  };
}

export function reserveObject(reserve: ReserveBoek): { code: string; naam: string; soort: ReserveSoort } {
  return { code: reserve.code, naam: reserve.naam, soort: reserve.soort };
}

/** True when a balance-sheet figure is stated in the year and differs from the ledger's saldo 31 december. */
export function wijktAfVanBalans(grootboek: Grootboek, reserve: ReserveBoek, jaar: number): boolean {
  const balans = balanssaldoIn(reserve, jaar);
  if (!balans) return false;
  return !balans.saldo.eq(reservesaldi(grootboek, reserve, jaar).eind);
}

function telOp(a: MutatieTotalen, b: MutatieTotalen): MutatieTotalen {
  return { toevoegingen: a.toevoegingen.plus(b.toevoegingen), onttrekkingen: a.onttrekkingen.plus(b.onttrekkingen) };
}

function paar(begroot: Big, realisatie: Big): BegrootEnRealisatie {
  return { begroot: formatBedrag(begroot), realisatie: formatBedrag(realisatie) };
}
