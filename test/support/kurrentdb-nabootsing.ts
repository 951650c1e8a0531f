import {
  type AllStreamResolvedEvent,
  type AppendStreamRequest,
  type AppendStreamState,
  type EventData,
  type EventType,
  type MultiAppendResult,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent as KurrentRecord,
  type ResolvedEvent,
  StreamNotFoundError,
  UnsupportedError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import type { KurrentKlient } from '../../src/event-store/kurrentdb-event-store';

/**
 * An in-memory imitation of the four client calls the KurrentDB adapter makes, with the semantics the
 * client's types, its tests and the server's source state. It exists to test the adapter's own logic
 * (retries, checkpoints, idempotency, conditions, verification) where no server can run. It is NOT
 * KurrentDB: passing against it says nothing about the server; test/integration/kurrentdb-event-store.spec.ts
 * runs the same contract against a real server whenever KURRENTDB_URL reaches one.
 *
 * Imitated: expected states per stream (the first stream whose state is off is reported, as the server
 * does); one stream at most once per session; all or nothing; `$all` in commit order with a position per
 * record; reads from a position or revision inclusive; stream-name prefix filters; an absent stream
 * reads as StreamNotFoundError; metadata as a string map the server extends with `$schema.*` keys.
 * Not imitated: the server's recognition of repeated record ids, deadlines, clusters, authorisation.
 */
export class KurrentDbNabootsing implements KurrentKlient {
  private readonly streams = new Map<string, KurrentRecord[]>();
  private readonly all: KurrentRecord[] = [];
  /** How many appends went through: tests of retries look at it. */
  appends = 0;

  constructor(private readonly opties: { multiStreamAppend?: boolean } = {}) {}

  async multiStreamAppend<K extends EventType = EventType>(requests: AppendStreamRequest<K>[]): Promise<MultiAppendResult> {
    if (this.opties.multiStreamAppend === false) throw new UnsupportedError('multiStreamAppend', '25.1');
    for (const request of requests) for (const event of request.events) controleerMetadata(event.metadata);
    // A hop to the event loop, as a network round trip: concurrent appends interleave here.
    await new Promise((resolve) => setImmediate(resolve));
    if (requests.length === 0) throw new Error('een lege append-sessie'); // what the server answers is not known here; any error will do
    const namen = new Set<string>();
    for (const request of requests) {
      if (namen.has(request.streamName)) throw new Error(`stream ${request.streamName} komt twee keer voor in één sessie`);
      namen.add(request.streamName);
      const huidig = this.streams.get(request.streamName)?.length ?? 0;
      if (!klopt(request.expectedState, huidig)) {
        throw new WrongExpectedVersionError(undefined, { streamName: request.streamName, expected: request.expectedState, current: huidig === 0 ? 'no_stream' : BigInt(huidig - 1) });
      }
    }
    const responses = requests.map((request) => {
      const stream = this.streams.get(request.streamName) ?? [];
      this.streams.set(request.streamName, stream);
      for (const event of request.events) {
        const record = alsGelezen(event, request.streamName, BigInt(stream.length), positieVan(this.all.length));
        stream.push(record);
        this.all.push(record);
      }
      return { streamName: request.streamName, revision: BigInt(stream.length - 1) };
    });
    this.appends += 1;
    return { position: positieVan(this.all.length - 1).commit, responses };
  }

  readStream<K extends EventType = EventType>(streamName: string, options: ReadStreamOptions = {}): AsyncIterableIterator<ResolvedEvent<K>> {
    const stream = this.streams.get(streamName);
    const { fromRevision = 'start', direction = 'forwards', maxCount = Number.MAX_SAFE_INTEGER } = options;
    async function* lees(): AsyncGenerator<ResolvedEvent<K>> {
      await new Promise((resolve) => setImmediate(resolve));
      if (!stream) throw new StreamNotFoundError(undefined, streamName);
      const vooruit = direction === 'forwards';
      const van = fromRevision === 'start' ? 0 : fromRevision === 'end' ? stream.length - 1 : Number(fromRevision);
      const gekozen = vooruit ? stream.slice(van) : stream.slice(0, van + 1).reverse();
      // The imitation stores JSON records only, which is what ResolvedEvent<K> holds for the adapter's K.
      for (const record of gekozen.slice(0, Number(maxCount))) yield { event: record } as ResolvedEvent<K>;
    }
    return lees();
  }

  readAll(options: ReadAllOptions = {}): AsyncIterableIterator<AllStreamResolvedEvent> {
    const { fromPosition = 'start', maxCount = Number.MAX_SAFE_INTEGER, filter } = options;
    const prefixes = filter && 'prefixes' in filter ? filter.prefixes : null;
    const van = fromPosition === 'start' ? 0 : fromPosition === 'end' ? this.all.length : Number(fromPosition.commit) / POSITIE_STAP;
    const gekozen = this.all.slice(van).filter((record) => !prefixes || prefixes.some((prefix) => record.streamId.startsWith(prefix)));
    async function* lees(): AsyncGenerator<AllStreamResolvedEvent> {
      await new Promise((resolve) => setImmediate(resolve));
      for (const record of gekozen.slice(0, Number(maxCount))) if (record.position) yield { event: { ...record, position: record.position } };
    }
    return lees();
  }

  async dispose(): Promise<void> {}

  /** Test access: a stream's records as stored, to read or to tamper with (the "superuser" of these tests). */
  records(streamName: string): KurrentRecord[] {
    return this.streams.get(streamName) ?? [];
  }
}

const POSITIE_STAP = 64;
const positieVan = (index: number): Position => ({ commit: BigInt(index * POSITIE_STAP), prepare: BigInt(index * POSITIE_STAP) });

function klopt(verwacht: AppendStreamState, aantal: number): boolean {
  if (verwacht === 'any') return true;
  if (verwacht === 'no_stream') return aantal === 0;
  if (verwacht === 'stream_exists') return aantal > 0;
  return aantal > 0 && verwacht === BigInt(aantal - 1);
}

/** The client's own rule for multi-stream append: a plain object of strings. */
function controleerMetadata(metadata: unknown): void {
  if (metadata == null) return;
  if (typeof metadata !== 'object' || Array.isArray(metadata) || metadata instanceof Uint8Array || Object.values(metadata).some((value) => typeof value !== 'string')) {
    throw new Error('multiStreamAppend requires metadata to be a plain object with string keys and string values.');
  }
}

/**
 * A written record as a read gives it back: data through JSON text, metadata extended with the
 * `$schema.*` keys the server adds to multi-stream appends.
 */
export function alsGelezen(event: EventData, streamId: string, revision: bigint, position: Position): KurrentRecord {
  if (event.contentType !== 'application/json') throw new Error('de nabootsing bewaart alleen JSON-records');
  const metadata = { ...(event.metadata as Record<string, string> | undefined), '$schema.format': 'Json', '$schema.name': event.type };
  return {
    streamId,
    id: event.id,
    isJson: true,
    revision,
    type: event.type,
    created: new Date(0),
    data: JSON.parse(JSON.stringify(event.data)) as typeof event.data,
    metadata,
    position,
  };
}
