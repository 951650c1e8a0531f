import type { RecordedEvent } from '../domain/shared/recorded-event';
import type { EventStore } from '../event-store/event-store.port';

const PAGE_SIZE_EVENTS = 5000;
/** A budget year with more than this many events is beyond what this reader was built for. */
const MAX_PAGES = 1000;

/** Reads a whole stream in bounded pages. */
export async function readWholeStream(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const batch = await store.readStream(streamId, { naVersie: events.length, limit: PAGE_SIZE_EVENTS });
    events.push(...batch);
    if (batch.length < PAGE_SIZE_EVENTS) return events;
  }
  throw new Error(`stream ${streamId} is langer dan ${MAX_PAGES * PAGE_SIZE_EVENTS} events`);
}

/** Reads a gemeente's whole log (optionally up to a position) in bounded pages. */
export async function readWholeLog(store: EventStore, gemeente: string, totPositie?: number): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const naPositie = events.length === 0 ? 0 : events[events.length - 1].positie;
    const batch = await store.readLog(gemeente, { naPositie, limit: PAGE_SIZE_EVENTS, totPositie });
    events.push(...batch);
    if (batch.length < PAGE_SIZE_EVENTS) return events;
  }
  throw new Error(`het log van ${gemeente} is langer dan ${MAX_PAGES * PAGE_SIZE_EVENTS} events`);
}
