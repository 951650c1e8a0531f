import { randomUUID } from 'node:crypto';
import { ConcurrencyError } from '../../src/event-store/event-store.errors';
import type { EventStore, LogCheckpoint, NewEvent } from '../../src/event-store/event-store.port';

/**
 * The contract every event-store adapter honours. The PostgreSQL adapter runs it always; the KurrentDB
 * adapter runs the very same suite whenever KURRENTDB_URL points at a reachable server.
 */
export interface ContractSubject {
  store: EventStore;
  close(): Promise<void>;
}

export function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'TestGebeurd',
    schemaVersion: 1,
    datum: '2022-01-01',
    data: { bedrag: '1.00' },
    metadata: { actor: { subject: 'test', rol: 'beheerder' }, correlationId: randomUUID(), causationId: randomUUID() },
    tags: [],
    ...overrides,
  };
}

const freshGemeente = () => `GM${String(Math.floor(1000 + Math.random() * 8999))}${randomUUID().slice(0, 4)}`;

export function eventStoreContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`event store contract: ${name}`, () => {
    let subject: ContractSubject;
    beforeAll(async () => {
      subject = await open();
    });
    afterAll(async () => {
      await subject.close();
    });

    it('given an empty stream, when two events are appended at once, then both are read back in order with versions 1 and 2', async () => {
      const gemeente = freshGemeente();
      const stream = `test-${randomUUID()}`;
      const first = newEvent({ data: { n: 1 } });
      const second = newEvent({ data: { n: 2 } });

      const result = await subject.store.append(gemeente, stream, [first, second], { expectedVersion: 'geen' });

      expect(result.streamVersion).toBe(2);
      expect(result.eventIds).toEqual([first.eventId, second.eventId]);
      const read = await subject.store.readStream(stream);
      expect(read.map((event) => [event.eventId, event.streamVersion, event.data])).toEqual([
        [first.eventId, 1, { n: 1 }],
        [second.eventId, 2, { n: 2 }],
      ]);
      expect(read[1].positie).toBe(read[0].positie + 1);
    });

    it('given a stream at version 1, when appending with expected version 0, then a ConcurrencyError is thrown and nothing is written', async () => {
      const gemeente = freshGemeente();
      const stream = `test-${randomUUID()}`;
      await subject.store.append(gemeente, stream, [newEvent()], { expectedVersion: 'geen' });

      await expect(subject.store.append(gemeente, stream, [newEvent()], { expectedVersion: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(subject.store.append(gemeente, stream, [newEvent()], { expectedVersion: 'geen' })).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await subject.store.readStream(stream)).toHaveLength(1);
    });

    it('given N concurrent appends with the same expected version, then exactly one succeeds and N−1 get a ConcurrencyError', async () => {
      const gemeente = freshGemeente();
      const stream = `test-${randomUUID()}`;
      await subject.store.append(gemeente, stream, [newEvent()], { expectedVersion: 'geen' });
      const writers = 16;

      const outcomes = await Promise.allSettled(
        Array.from({ length: writers }, () => subject.store.append(gemeente, stream, [newEvent()], { expectedVersion: 1 })),
      );

      const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(succeeded).toHaveLength(1);
      expect(rejected).toHaveLength(writers - 1);
      for (const outcome of rejected) expect(outcome.reason).toBeInstanceOf(ConcurrencyError);
      expect(await subject.store.readStream(stream)).toHaveLength(2);
    });

    it('given 8 writers × 500 appends on distinct streams, when a catch-up reader runs meanwhile, then it sees every event exactly once in strictly increasing position', async () => {
      const gemeente = freshGemeente();
      const writers = 8;
      const appendsPerWriter = 500;
      let writing = true;
      const seen: { eventId: string; positie: number }[] = [];
      let checkpoint: LogCheckpoint = {};

      const reader = (async () => {
        // Bounded: stops once writing is over and a final pass found nothing new.
        for (let pass = 0; pass < 1_000_000; pass++) {
          const stillWriting = writing;
          const { events, checkpoint: next } = await subject.store.readAll(checkpoint, 500);
          checkpoint = next;
          for (const event of events) if (event.gemeente === gemeente) seen.push({ eventId: event.eventId, positie: event.positie });
          if (!stillWriting && events.length === 0) return;
          if (events.length === 0) await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const written: string[] = [];
      await Promise.all(
        Array.from({ length: writers }, async (_, writer) => {
          const stream = `test-${writer}-${randomUUID()}`;
          for (let index = 0; index < appendsPerWriter; index++) {
            const event = newEvent();
            await subject.store.append(gemeente, stream, [event], { expectedVersion: index === 0 ? 'geen' : index });
            written.push(event.eventId);
          }
        }),
      );
      writing = false;
      await reader;

      expect(seen).toHaveLength(writers * appendsPerWriter);
      expect(new Set(seen.map((event) => event.eventId))).toEqual(new Set(written));
      for (let index = 1; index < seen.length; index++) expect(seen[index].positie).toBeGreaterThan(seen[index - 1].positie);
    });

    it('given a gemeente log of 12 events, when events are read by scattered and consecutive positions, then exactly those come back in position order', async () => {
      // given
      const gemeente = freshGemeente();
      await subject.store.append(gemeente, `a-${randomUUID()}`, Array.from({ length: 7 }, (_, n) => newEvent({ data: { n } })), { expectedVersion: 'geen' });
      await subject.store.append(gemeente, `b-${randomUUID()}`, Array.from({ length: 5 }, (_, n) => newEvent({ data: { n: 7 + n } })), { expectedVersion: 'geen' });
      const log = await subject.store.readLog(gemeente, { naPositie: 0, limit: 100 });

      // when: unordered, with a duplicate, a run across the two appends, and the first and last event
      const gelezen = await subject.store.readPosities(gemeente, [12, 3, 6, 7, 8, 3, 1]);

      // then
      expect(gelezen.map((event) => event.positie)).toEqual([1, 3, 6, 7, 8, 12]);
      expect(gelezen).toEqual([1, 3, 6, 7, 8, 12].map((positie) => log[positie - 1]));
      expect(await subject.store.readPosities(gemeente, [])).toEqual([]);
    });

    it('given an append condition on a tag, when an event with that tag was appended after the read position, then the append fails', async () => {
      const gemeente = freshGemeente();
      const first = await subject.store.append(gemeente, `a-${randomUUID()}`, [newEvent({ tags: ['reserve:AR'] })], { expectedVersion: 'geen' });
      const readAt = first.laatstePositie;
      await subject.store.append(gemeente, `b-${randomUUID()}`, [newEvent({ tags: ['reserve:AR'] })], { expectedVersion: 'geen' });

      const condition = { naPositie: readAt, tags: ['reserve:AR'], types: ['TestGebeurd'] };
      await expect(
        subject.store.append(gemeente, `c-${randomUUID()}`, [newEvent()], { expectedVersion: 'geen', condition }),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      const unrelated = { naPositie: readAt, tags: ['reserve:ANDERS'], types: ['TestGebeurd'] };
      await expect(
        subject.store.append(gemeente, `d-${randomUUID()}`, [newEvent()], { expectedVersion: 'geen', condition: unrelated }),
      ).resolves.toMatchObject({ streamVersion: 1 });
    });

    it('given an idempotency key, when the same request is appended twice, then the first result returns and nothing more is written', async () => {
      const gemeente = freshGemeente();
      const stream = `test-${randomUUID()}`;
      const idempotency = { sleutel: `key-${randomUUID()}`, requestHash: 'a'.repeat(64) };
      const first = await subject.store.append(gemeente, stream, [newEvent()], { expectedVersion: 'elke', idempotency });

      const second = await subject.store.append(gemeente, stream, [newEvent()], { expectedVersion: 'elke', idempotency });

      expect(second).toEqual(first);
      expect(await subject.store.readStream(stream)).toHaveLength(1);
      expect(await subject.store.findIdempotency(gemeente, idempotency.sleutel)).toEqual({ requestHash: idempotency.requestHash, resultaat: first });
    });

    it('given a gemeente log, when verified, then the chain is valid and counts every event; a wrong expected hash is reported', async () => {
      const gemeente = freshGemeente();
      const stream = `test-${randomUUID()}`;
      await subject.store.append(gemeente, stream, [newEvent(), newEvent(), newEvent()], { expectedVersion: 'geen' });
      const atThree = await subject.store.verify(gemeente);
      await subject.store.append(gemeente, stream, [newEvent()], { expectedVersion: 3 });

      const now = await subject.store.verify(gemeente);
      const again = await subject.store.verify(gemeente, { totPositie: 3, verwachteHash: atThree.kopHash });
      const wrong = await subject.store.verify(gemeente, { totPositie: 3, verwachteHash: 'f'.repeat(64) });

      expect(atThree).toMatchObject({ geldig: true, aantalEvents: 3, kopPositie: 3, eersteFout: null });
      expect(now).toMatchObject({ geldig: true, aantalEvents: 4, kopPositie: 4 });
      expect(now.kopHash).not.toBe(atThree.kopHash);
      expect(again).toMatchObject({ geldig: true, kopHash: atThree.kopHash });
      expect(wrong.geldig).toBe(false);
      expect(wrong.eersteFout?.positie).toBe(3);
    });
  });
}
