import { randomUUID } from 'node:crypto';
import type { LedgerEvent } from '../../projections/grootboek.fold';
import type { GeplandEvent } from '../../projections/testing/ledger-historie.arbitrary';
import type { RecordedEvent } from '../../src/domain/shared/recorded-event';
import { tagsVan } from '../../src/domain/tags';
import type { EventStore, NewEvent } from '../../src/event-store/event-store.port';

const streamVan = (gemeente: string, event: LedgerEvent) => {
  const data = event.data as { jaar?: number };
  return typeof data.jaar === 'number' ? `begroting-${gemeente}-${data.jaar}` : `gemeente-${gemeente}`;
};

/**
 * Appends planned events straight to the store (below the command path: the projections must fold
 * whatever facts the log holds). Fills in `corrigeert` from `corrigeertIndex`. Returns the event ids.
 */
export async function schrijfGepland(store: EventStore, gemeente: string, gepland: readonly GeplandEvent[], eerdereIds: string[] = []): Promise<string[]> {
  const ids = [...eerdereIds];
  for (const { event, datum, corrigeertIndex } of gepland) {
    const data = corrigeertIndex === undefined ? event.data : { ...event.data, corrigeert: ids[corrigeertIndex] };
    const feit = { ...event, data } as LedgerEvent;
    const nieuw: NewEvent = {
      eventId: randomUUID(),
      type: feit.type,
      schemaVersion: 1,
      datum,
      data: feit.data,
      metadata: { actor: { subject: 'proef', rol: 'controller' }, correlationId: randomUUID(), causationId: randomUUID() },
      tags: tagsVan(feit),
    };
    await store.append(gemeente, streamVan(gemeente, feit), [nieuw], { expectedVersion: 'elke' });
    ids.push(nieuw.eventId);
  }
  return ids;
}

/** A gemeente's whole log as recorded. */
export async function leesLog(store: EventStore, gemeente: string): Promise<RecordedEvent[]> {
  return store.readLog(gemeente, { naPositie: 0, limit: 10_000 });
}

/**
 * A long, deterministic history of one gemeente: registrations, two adopted years, then `aantal`
 * mixed bookings (amendments, realisations, reserve mutations, project mutations, explanations).
 */
export function langeHistorie(gemeente: string, aantal: number): GeplandEvent[] {
  const besluit = { datum: '2021-11-08', orgaan: 'raad' as const, kenmerk: 'Begroting' };
  const doelen = ['2.3.1', '2.3.2', '10.1.1'];
  const gepland: GeplandEvent[] = [
    { event: { type: 'GemeenteGeregistreerd', data: { gemeente, naam: 'Proefgemeente' } }, datum: '2021-01-01' },
    { event: { type: 'ReserveIngesteld', data: { reserve: 'RES-A', naam: 'Algemene reserve', soort: 'algemeen', beginsaldo: '90000000.00', peildatum: '2022-01-01' } }, datum: '2022-01-01' },
    { event: { type: 'KredietVerleend', data: { krediet: 'KR-1', naam: 'Proeftuin', doel: '2.3.1', omvang: '875000.00', besluit } }, datum: '2021-11-08' },
  ];
  for (const jaar of [2022, 2023]) {
    gepland.push(
      { event: { type: 'DoelenVastgelegd', data: { jaar, doelen: doelen.map((code) => ({ code, naam: `Doel ${code}`, programma: code.slice(0, code.lastIndexOf('.')) })) } }, datum: `${jaar - 1}-11-01` },
      {
        event: { type: 'BegrotingVastgesteld', data: { jaar, besluit, regels: doelen.map((doel) => ({ doel, lasten: '1000000.00', baten: '250000.00', toevoegingReserves: [], onttrekkingReserves: [{ reserve: 'RES-A', bedrag: '50000.00' }] })) } },
        datum: `${jaar - 1}-11-08`,
      },
    );
  }
  for (let index = 0; index < aantal; index++) {
    const jaar = 2022 + (index % 2);
    const doel = doelen[index % doelen.length];
    const bedrag = `${(index * 7919) % 100000}.${String(index % 100).padStart(2, '0')}`;
    const datum = `${jaar}-${String((index % 12) + 1).padStart(2, '0')}-10`;
    switch (index % 5) {
      case 0:
        gepland.push({ event: { type: 'RealisatieGeboekt', data: { jaar, regels: [{ doel, kolom: 'lasten', bedrag }] } }, datum });
        break;
      case 1:
        gepland.push({
          event: { type: 'BegrotingswijzigingVastgesteld', data: { jaar, kenmerk: `W-${index}`, besluit: { datum, orgaan: 'raad' }, onderdelen: [{ titel: `Wijziging ${index}`, budgettairNeutraal: false, aard: 'incidenteel', regels: [{ doel, kolom: 'lasten', bedrag: `-${bedrag}` }] }] } },
          datum,
        });
        break;
      case 2:
        gepland.push({ event: { type: 'ReservemutatieGeboekt', data: { jaar, reserve: 'RES-A', doel, soort: 'onttrekking', bedrag } }, datum });
        break;
      case 3:
        gepland.push({ event: { type: 'ProjectmutatieGeboekt', data: { jaar, krediet: 'KR-1', doel: '2.3.1', bedrag, reserve: 'RES-A' } }, datum });
        break;
      default:
        gepland.push({ event: { type: 'VerschilToegelicht', data: { jaar, doel, kolom: 'lasten', tekst: `Toelichting ${index}` } }, datum });
    }
  }
  return gepland;
}
