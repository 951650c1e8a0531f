import type { BegrotingEvent } from './begroting/begroting.events';
import type { GemeenteEvent } from './gemeente/gemeente.events';
import type { DomainEventBase, RecordedEvent } from './shared/recorded-event';

/**
 * Events are never rewritten; an event stored in an older shape is upcast to the current one on read.
 * Every event type is at schema version 1 today. When a shape changes, add a step here
 * (`{ 'RealisatieGeboekt': { 1: (data) => …v2 } }`) and a test with a stored v1 event. A step may reshape
 * data but never change which doelen, reserves, kredieten or year an event names: the stored tags
 * (`tagsVan` at write time) stay as they were, and histories and the append condition select by them.
 */
type Upcaster = (data: unknown) => unknown;
const UPCASTERS: Record<string, Record<number, Upcaster>> = {};

export const CURRENT_SCHEMA_VERSIONS: Record<string, number> = {};

/** Brings a recorded event's data to the current schema version of its type. */
export function upcast<E extends DomainEventBase = GemeenteEvent | BegrotingEvent>(recorded: RecordedEvent): E {
  let data = recorded.data;
  const steps = UPCASTERS[recorded.type] ?? {};
  // Bounded: one step per schema version.
  for (let version = recorded.schemaVersion; steps[version] !== undefined; version++) data = steps[version](data);
  return { type: recorded.type, data } as E;
}
