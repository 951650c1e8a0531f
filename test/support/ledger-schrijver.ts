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
