import type { BegrotingEvent } from './begroting/begroting.events';
import type { GemeenteEvent } from './gemeente/gemeente.events';

/**
 * The index terms of an event: every doel, reserve and krediet it touches, and for budget-year events
 * the year (`doel:2.3.1`, `reserve:RES-HERSTEL`, `krediet:KR-PROEFTUIN`, `jaar:2022`). Histories and
 * the append condition of rule 6 select events by these tags, so an event must carry every term it
 * has a line on. Sorted and unique, so the same event always gets the same tags (they are hashed).
 */
export function tagsVan(event: GemeenteEvent | BegrotingEvent): string[] {
  const doelen: string[] = [];
  const reserves: string[] = [];
  const kredieten: string[] = [];
  const jaren: number[] = [];
  switch (event.type) {
    case 'GemeenteGeregistreerd':
    case 'InstellingenGewijzigd':
      break;
    case 'ReserveIngesteld':
    case 'ReserveOpgeheven':
    case 'ReservesaldoVolgensBalansVastgelegd':
      reserves.push(event.data.reserve);
      break;
    case 'KredietVerleend':
      kredieten.push(event.data.krediet);
      doelen.push(event.data.doel);
      break;
    case 'KredietGewijzigd':
    case 'KredietAfgesloten':
      kredieten.push(event.data.krediet);
      break;
    case 'DoelenVastgelegd':
      jaren.push(event.data.jaar);
      doelen.push(...event.data.doelen.map((doel) => doel.code));
      break;
    case 'BegrotingVastgesteld':
      jaren.push(event.data.jaar);
      for (const regel of event.data.regels) {
        doelen.push(regel.doel);
        reserves.push(...regel.toevoegingReserves.map((entry) => entry.reserve), ...regel.onttrekkingReserves.map((entry) => entry.reserve));
      }
      break;
    case 'ProjectmutatieGeboekt':
      jaren.push(event.data.jaar);
      doelen.push(event.data.doel);
      kredieten.push(event.data.krediet);
      if (event.data.reserve !== undefined) reserves.push(event.data.reserve);
      break;
    case 'BegrotingswijzigingVastgesteld':
      jaren.push(event.data.jaar);
      for (const regel of event.data.onderdelen.flatMap((onderdeel) => onderdeel.regels)) {
        doelen.push(regel.doel);
        if (regel.reserve !== undefined) reserves.push(regel.reserve);
      }
      break;
    case 'ReservemutatieGeboekt':
      jaren.push(event.data.jaar);
      doelen.push(event.data.doel);
      reserves.push(event.data.reserve);
      break;
    case 'RealisatieGeboekt':
      jaren.push(event.data.jaar);
      doelen.push(...event.data.regels.map((regel) => regel.doel));
      break;
    case 'VerschilToegelicht':
      jaren.push(event.data.jaar);
      doelen.push(event.data.doel);
      break;
    case 'JaarrekeningVastgesteld':
      jaren.push(event.data.jaar);
      break;
    case 'CorrectieGeboekt':
      jaren.push(event.data.jaar);
      for (const regel of event.data.regels) {
        doelen.push(regel.doel);
        if (regel.reserve !== undefined) reserves.push(regel.reserve);
      }
      break;
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
  const tags = [
    ...doelen.map((code) => `doel:${code}`),
    ...reserves.map((code) => `reserve:${code}`),
    ...kredieten.map((code) => `krediet:${code}`),
    ...jaren.map((jaar) => `jaar:${jaar}`),
  ];
  // Plain code-unit order: locale-independent, so the same event is tagged the same everywhere.
  return [...new Set(tags)].sort();
}
