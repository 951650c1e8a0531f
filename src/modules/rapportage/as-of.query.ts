import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AsOf } from '../../../projections/as-of';
import { ongeldig, type VeldFout } from '../../domain/shared/domain-error';
import { isDatum } from '../../http/validation';
import { isBedrag } from '../../shared/money';
import type { DrempelOverrides } from '../../../projections/verschillenanalyse/verschillenanalyse.fold';
import type { Pagina } from '../../../projections/historie/historie.fold';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function single(request: Request, name: string): string | undefined {
  const value = request.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw ongeldig('VERZOEK.PARAMETER', `${name} mag maar één keer voorkomen.`, [{ veld: name, melding: `${name} mag maar één keer voorkomen` }]);
  return value;
}

/** `peildatum`, `bekendOp` and `positie`: the moment a report is asked as of (API.md, Reads). */
export const AlsOp = createParamDecorator((_: unknown, context: ExecutionContext): AsOf => {
  const request = context.switchToHttp().getRequest<Request>();
  const fouten: VeldFout[] = [];
  const peildatum = single(request, 'peildatum');
  const bekendOp = single(request, 'bekendOp');
  const positie = single(request, 'positie');
  if (peildatum !== undefined && !isDatum(peildatum)) fouten.push({ veld: 'peildatum', melding: 'peildatum moet een bestaande datum JJJJ-MM-DD zijn' });
  if (bekendOp !== undefined && (!ISO_INSTANT.test(bekendOp) || Number.isNaN(Date.parse(bekendOp)))) {
    fouten.push({ veld: 'bekendOp', melding: 'bekendOp moet een ISO-8601 tijdstip zijn, bijvoorbeeld 2023-01-31T12:00:00Z' });
  }
  if (positie !== undefined && !/^\d{1,15}$/.test(positie)) fouten.push({ veld: 'positie', melding: 'positie moet een geheel getal ≥ 0 zijn' });
  if (fouten.length > 0) throw ongeldig('VERZOEK.PEILMOMENT', `Ongeldig peilmoment: ${fouten.map((fout) => fout.melding).join('; ')}.`, fouten);
  return {
    ...(peildatum !== undefined ? { peildatum } : {}),
    ...(bekendOp !== undefined ? { bekendOp } : {}),
    ...(positie !== undefined ? { positie: Number.parseInt(positie, 10) } : {}),
  };
});

/** `drempelBedrag` and `drempelPercentage` overriding the gemeente's thresholds for one request. */
export const Drempels = createParamDecorator((_: unknown, context: ExecutionContext): DrempelOverrides => {
  const request = context.switchToHttp().getRequest<Request>();
  const bedrag = single(request, 'drempelBedrag');
  const percentage = single(request, 'drempelPercentage');
  const fouten: VeldFout[] = [];
  if (bedrag !== undefined && (!isBedrag(bedrag) || bedrag.startsWith('-'))) fouten.push({ veld: 'drempelBedrag', melding: 'drempelBedrag moet een bedrag ≥ 0 zijn, bijvoorbeeld 100000.00' });
  if (percentage !== undefined && !/^\d{1,3}(\.\d)?$/.test(percentage)) fouten.push({ veld: 'drempelPercentage', melding: 'drempelPercentage moet een percentage met hoogstens één decimaal zijn' });
  if (fouten.length > 0) throw ongeldig('VERZOEK.DREMPEL', `Ongeldige drempel: ${fouten.map((fout) => fout.melding).join('; ')}.`, fouten);
  return { ...(bedrag !== undefined ? { drempelBedrag: bedrag } : {}), ...(percentage !== undefined ? { drempelPercentage: percentage } : {}) };
});

/** Paging of histories: `limiet` items (1–1000, default 500) after `naPositie` (default 0). */
export const MAX_PAGINA_ITEMS = 1000;
export const STANDAARD_PAGINA_ITEMS = 500;

export const PaginaVan = createParamDecorator((_: unknown, context: ExecutionContext): Pagina => {
  const request = context.switchToHttp().getRequest<Request>();
  const limiet = single(request, 'limiet');
  const naPositie = single(request, 'naPositie');
  const fouten: VeldFout[] = [];
  const limietGetal = limiet === undefined ? STANDAARD_PAGINA_ITEMS : /^\d{1,4}$/.test(limiet) ? Number.parseInt(limiet, 10) : Number.NaN;
  if (!(limietGetal >= 1 && limietGetal <= MAX_PAGINA_ITEMS)) fouten.push({ veld: 'limiet', melding: `limiet moet een geheel getal van 1 tot en met ${MAX_PAGINA_ITEMS} zijn` });
  if (naPositie !== undefined && !/^\d{1,15}$/.test(naPositie)) fouten.push({ veld: 'naPositie', melding: 'naPositie moet een geheel getal ≥ 0 zijn' });
  if (fouten.length > 0) throw ongeldig('VERZOEK.PAGINA', `Ongeldige pagina: ${fouten.map((fout) => fout.melding).join('; ')}.`, fouten);
  return { limiet: limietGetal, naPositie: naPositie === undefined ? 0 : Number.parseInt(naPositie, 10) };
});
