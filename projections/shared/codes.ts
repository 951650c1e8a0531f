import type { Doel } from '../../src/domain/shared/begrippen';
import type { DoelDefinitie } from '../../src/domain/begroting/begroting.events';

/**
 * Natural order of dotted codes, so that `2.3.1` sorts before `10.1.1` and `5` before `5.1`.
 * Numeric segments compare as numbers; anything else compares by code unit (not by locale), so the
 * order is the same on every machine.
 */
export function vergelijkCodes(a: string, b: string): number {
  const delenA = a.split('.');
  const delenB = b.split('.');
  const lengte = Math.min(delenA.length, delenB.length);
  for (let index = 0; index < lengte; index++) {
    const verschil = vergelijkSegment(delenA[index], delenB[index]);
    if (verschil !== 0) return verschil;
  }
  if (delenA.length !== delenB.length) return delenA.length - delenB.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function vergelijkSegment(a: string, b: string): number {
  const numeriek = /^\d+$/;
  if (numeriek.test(a) && numeriek.test(b)) {
    // Compare digit strings without converting: strip leading zeros, then longer is larger.
    const kaalA = a.replace(/^0+(?=\d)/, '');
    const kaalB = b.replace(/^0+(?=\d)/, '');
    if (kaalA.length !== kaalB.length) return kaalA.length - kaalB.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sorteerCodes(codes: Iterable<string>): string[] {
  return [...new Set(codes)].sort(vergelijkCodes);
}

/**
 * The doel as every answer shows it. A doel that was booked on but whose definition is not visible
 * (for instance in an as-of view) still gets an answer: its code as name and its dotted parent as programma.
 */
export function doelObject(code: string, definitie: DoelDefinitie | undefined): Doel {
  if (definitie) return { code: definitie.code, naam: definitie.naam, programma: definitie.programma };
  const punt = code.lastIndexOf('.');
  return { code, naam: code, programma: punt > 0 ? code.slice(0, punt) : code };
}
