import { NO_STREAM, type RecordedEvent as KurrentRecord } from '@kurrent/kurrentdb-client';
import type { RecordedEvent } from '../domain/shared/recorded-event';
import { alsGelezen } from '../../test/support/kurrentdb-nabootsing';
import type { NewEvent } from './event-store.port';
import { ChainVerifier, chainEvents, GENESIS_HASH } from './hash-chain';
import {
  checkpointSleutel,
  gemeenteRecord,
  gemeenteVanRecord,
  idempotentieRecord,
  idempotentieStream,
  idempotentieVanRecord,
  isGereserveerdeStream,
  logStream,
  naarRecord,
  neemOngezien,
  OnleesbaarRecordError,
  recordIds,
  uuidUitSha256,
  vanRecord,
  vergelijkPosities,
  verwachteStaat,
  versieVan,
  vroegstePositie,
} from './kurrentdb-records';

const POSITIE = { commit: 128n, prepare: 128n };

function nieuw(eventId: string, overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId,
    type: 'BegrotingVastgesteld',
    schemaVersion: 1,
    datum: '2022-11-10',
    data: { jaar: 2022, regels: [{ doel: '2.3.1', lasten: '2852268.00' }], besluit: { datum: '2022-11-10', orgaan: 'raad', kenmerk: 'RB-1' } },
    metadata: { actor: { subject: 'controller-1', rol: 'controller' }, correlationId: 'corr-1', causationId: 'req-1', besluit: { datum: '2022-11-10', orgaan: 'raad', kenmerk: 'RB-1' } },
    tags: ['doel:2.3.1', 'jaar:2022'],
    ...overrides,
  };
}

function geketend(events: NewEvent[], positie = 0, kopHash = GENESIS_HASH): RecordedEvent[] {
  return chainEvents({ gemeente: 'GM0193', head: { positie, kopHash }, streamId: 'begroting-GM0193-2022', streamVersion: 0, recordedAt: '2026-11-23T10:00:00.000Z' }, events);
}

/** What a read of the log gives back for a ledger event written by the adapter. */
const terugGelezen = (event: RecordedEvent): KurrentRecord => alsGelezen(naarRecord(event, uuidUitSha256(event.eventId)), logStream(event.gemeente), BigInt(event.positie - 1), POSITIE);

describe('KurrentDB records: ids and stream names', () => {
  it('given the same text, when an id is derived twice, then it is the same RFC 9562 version-8 UUID; other text gives another', () => {
    const id = uuidUitSha256('sleutel\nGM0193\nabc');

    expect(uuidUitSha256('sleutel\nGM0193\nabc')).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidUitSha256('sleutel\nGM0193\nabd')).not.toBe(id);
  });

  it('given an Idempotency-Key, when a retried command decides again with fresh event ids, then its records get the same ids; another request hash gets others', () => {
    const sleutel = { sleutel: 'verzoek-42', requestHash: 'a'.repeat(64) };

    const eerste = recordIds('GM0193', [nieuw('e-1'), nieuw('e-2')], sleutel);
    const herhaald = recordIds('GM0193', [nieuw('e-3'), nieuw('e-4')], sleutel);
    const ander = recordIds('GM0193', [nieuw('e-3'), nieuw('e-4')], { ...sleutel, requestHash: 'b'.repeat(64) });

    expect(herhaald).toEqual(eerste);
    expect(ander[0].log).not.toBe(eerste[0].log);
    expect(new Set(eerste.flatMap((ids) => [ids.log, ids.stroom])).size).toBe(4);
  });

  it('given no Idempotency-Key, when record ids are derived, then they follow the event id', () => {
    const [eerste] = recordIds('GM0193', [nieuw('e-1')]);

    expect(recordIds('GM0193', [nieuw('e-1')])[0]).toEqual(eerste);
    expect(recordIds('GM0193', [nieuw('e-2')])[0].log).not.toBe(eerste.log);
  });

  it('given stream names, when checked against the reserved prefix, then only the store’s own streams are reserved and a key is hashed into its stream name', () => {
    expect(isGereserveerdeStream(logStream('GM0193'))).toBe(true);
    expect(isGereserveerdeStream(idempotentieStream('GM0193', 'x'))).toBe(true);
    expect(isGereserveerdeStream('begroting-GM0193-2022')).toBe(false);
    expect(isGereserveerdeStream('gemeente-GM0193')).toBe(false);
    expect(idempotentieStream('GM0193', 'een sleutel/met "tekens"')).toMatch(/^begroot-idempotentie-GM0193-[0-9a-f]{64}$/);
  });
});

describe('KurrentDB records: expected states', () => {
  it('given a stream version, when mapped to an expected state, then 0 means no stream and n means revision n − 1; back again gives the version', () => {
    expect(verwachteStaat(0)).toBe(NO_STREAM);
    expect(verwachteStaat(3)).toBe(2n);
    expect(versieVan('no_stream')).toBe(0);
    expect(versieVan(2n)).toBe(3);
  });

  it('given a negative or fractional version, when mapped, then it is refused', () => {
    expect(() => verwachteStaat(-1)).toThrow(RangeError);
    expect(() => verwachteStaat(1.5)).toThrow(RangeError);
  });
});

describe('KurrentDB records: ledger event ↔ record', () => {
  it('given chained events, when written as records and read back, then they are the same events and the shared verifier accepts the chain', () => {
    const events = geketend([nieuw('e-1'), nieuw('e-2', { data: { bedrag: '-891676.00', leeg: [] }, tags: [] })]);

    const gelezen = events.map(terugGelezen).map(vanRecord);

    expect(gelezen).toEqual(events);
    const verifier = new ChainVerifier();
    expect(gelezen.every((event) => verifier.accept(event))).toBe(true);
    expect(verifier.headHash).toBe(events[1].hash);
  });

  it('given a ledger event, when made a record, then its type is the literal event type, its data the event data and every metadata value a string', () => {
    const [event] = geketend([nieuw('e-1')]);

    const record = naarRecord(event, 'id-1');

    expect(record).toMatchObject({ id: 'id-1', type: 'BegrotingVastgesteld', contentType: 'application/json', data: event.data });
    const metadata = record.metadata as Record<string, unknown>;
    expect(Object.values(metadata).every((value) => typeof value === 'string')).toBe(true);
    expect(metadata).toMatchObject({ 'begroot.positie': '1', 'begroot.hash': event.hash, 'begroot.opslag': '1' });
    expect(Object.keys(metadata).every((sleutel) => sleutel.startsWith('begroot.'))).toBe(true);
  });

  it('given event data that is not a JSON object, list or text, when made a record, then it is refused', () => {
    const [event] = geketend([nieuw('e-1', { data: 42 })]);

    expect(() => naarRecord(event, 'id-1')).toThrow(TypeError);
  });

  it('given an amount changed in a stored record, when read back and verified, then the chain breaks at that position', () => {
    const events = geketend([nieuw('e-1'), nieuw('e-2')]);
    const records = events.map(terugGelezen);
    records[1].data = { bedrag: '1.00' };

    const verifier = new ChainVerifier();
    for (const event of records.map(vanRecord)) verifier.accept(event);

    expect(verifier.firstError?.positie).toBe(2);
  });

  it.each([
    ['a record of an unknown layout', { 'begroot.opslag': '2' }, /opslagversie 2/],
    ['a record without a position', { 'begroot.positie': undefined }, /begroot\.positie ontbreekt/],
    ['a record with a position that is no integer', { 'begroot.positie': '1e3' }, /geen geheel getal/],
    ['a record whose tags are no JSON', { 'begroot.tags': '[doel' }, /begroot\.tags is geen JSON/],
  ])('given %s, when read, then it is refused instead of guessed', (_, wijziging, melding) => {
    const record = terugGelezen(geketend([nieuw('e-1')])[0]);
    record.metadata = { ...(record.metadata as Record<string, string>), ...wijziging };

    expect(() => vanRecord(record)).toThrow(OnleesbaarRecordError);
    expect(() => vanRecord(record)).toThrow(melding);
  });

  it('given the registry and idempotency records, when read back, then they give the gemeente and the stored answer', () => {
    const resultaat = { gemeente: 'GM0193', streamId: 's', eventIds: ['e-1'], eerstePositie: 4, laatstePositie: 4, streamVersion: 2 };
    const sleutel = { sleutel: 'k', requestHash: 'c'.repeat(64) };

    const gemeente = gemeenteVanRecord(alsGelezen(gemeenteRecord('GM0193'), 'begroot-gemeenten', 0n, POSITIE));
    const opgeslagen = idempotentieVanRecord(alsGelezen(idempotentieRecord('GM0193', sleutel, resultaat), idempotentieStream('GM0193', 'k'), 0n, POSITIE));

    expect(gemeente).toBe('GM0193');
    expect(opgeslagen).toEqual({ requestHash: sleutel.requestHash, resultaat });
  });
});

describe('KurrentDB records: $all and the per-gemeente checkpoint', () => {
  const event = (gemeente: string, positie: number) => ({ ...geketend([nieuw(`${gemeente}-${positie}`)], positie - 1)[0], gemeente });

  it('given $all records of two gemeenten, when a reader at a checkpoint takes them, then it skips what it has, takes the rest in order and moves its checkpoint per gemeente', () => {
    const records = [event('GM0001', 2), event('GM0002', 1), event('GM0001', 3), event('GM0002', 2)];

    const genomen = neemOngezien({ GM0001: 2 }, records, 10);

    expect(genomen.events.map((e) => `${e.gemeente}:${e.positie}`)).toEqual(['GM0002:1', 'GM0001:3', 'GM0002:2']);
    expect(genomen.checkpoint).toEqual({ GM0001: 3, GM0002: 2 });
    expect(genomen.verwerkt).toBe(4);
  });

  it('given more new records than the limit, when taken, then the batch stops at the limit and says how many records it consumed', () => {
    const records = [event('GM0001', 1), event('GM0001', 2), event('GM0001', 3)];

    const genomen = neemOngezien({}, records, 2);

    expect(genomen.events.map((e) => e.positie)).toEqual([1, 2]);
    expect(genomen.checkpoint).toEqual({ GM0001: 2 });
    expect(genomen.verwerkt).toBe(2);
  });

  it('given a record that skips a position of its gemeente, when taken, then it throws instead of losing the events in between', () => {
    expect(() => neemOngezien({ GM0001: 1 }, [event('GM0001', 3)], 10)).toThrow(/positie 3 van GM0001 volgt niet op 1/);
  });

  it('given checkpoints that differ only in gemeenten at 0 or in key order, when keyed, then they share a key', () => {
    expect(checkpointSleutel({ GM0002: 4, GM0001: 0, GM0003: 1 })).toBe(checkpointSleutel({ GM0003: 1, GM0002: 4 }));
    expect(checkpointSleutel({ GM0001: 0 })).toBe('{}');
  });

  it('given $all positions, when the earliest is asked, then commit position decides and prepare position breaks a tie; none gives null', () => {
    const posities = [
      { commit: 300n, prepare: 300n },
      { commit: 200n, prepare: 250n },
      { commit: 200n, prepare: 210n },
    ];

    expect(vroegstePositie(posities)).toEqual({ commit: 200n, prepare: 210n });
    expect(vergelijkPosities(posities[0], posities[0])).toBe(0);
    expect(vroegstePositie([])).toBeNull();
  });
});
