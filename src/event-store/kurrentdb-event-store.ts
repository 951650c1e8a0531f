import {
  ANY,
  type AppendStreamRequest,
  BACKWARDS,
  END,
  FORWARDS,
  type KurrentDBClient,
  NO_STREAM,
  type Position,
  type RecordedEvent as KurrentRecord,
  START,
  StreamNotFoundError,
  streamNameFilter,
  UnsupportedError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import type { GemeenteCode } from '../domain/shared/begrippen';
import type { RecordedEvent } from '../domain/shared/recorded-event';
import { type Clock, systemClock } from '../shared/clock';
import { LruCache } from '../shared/lru-cache';
import { WachtrijPerSleutel } from '../shared/wachtrij-per-sleutel';
import { ConcurrencyError, EventStoreOnbereikbaarError, IdempotencyConflictError, KurrentDbVersieError } from './event-store.errors';
import {
  type AppendCondition,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type IdempotencyRecord,
  type LogCheckpoint,
  type LogHead,
  MAX_BATCH_SIZE_EVENTS,
  MAX_EVENTS_PER_APPEND,
  type NewEvent,
  type StoredIdempotency,
  type VerificationOptions,
  type VerificationResult,
} from './event-store.port';
import { chainEvents, GENESIS_HASH, verifyChain } from './hash-chain';
import {
  checkpointSleutel,
  GEMEENTEN_STREAM,
  gemeenteRecord,
  gemeenteVanRecord,
  idempotentieRecord,
  idempotentieStream,
  idempotentieVanRecord,
  isGereserveerdeStream,
  type Kop,
  kopVan,
  LOG_STREAM_PREFIX,
  logStream,
  naarRecord,
  neemOngezien,
  recordIds,
  vanRecord,
  verwachteStaat,
  versieVan,
  vroegstePositie,
} from './kurrentdb-records';

/** The client calls the adapter uses; the contract and unit tests hand in the real client or an imitation of these. */
export type KurrentKlient = Pick<KurrentDBClient, 'multiStreamAppend' | 'readStream' | 'readAll' | 'dispose'>;

/** Appends of one gemeente waiting in this process; the command executor bounds its own queue far below this. */
const MAX_WACHTENDE_APPENDS = 10_000;
/** Rounds an append retries when another instance moved the gemeente's log between reading its head and appending. */
const MAX_LOG_POGINGEN = 32;
const LOG_BACKOFF_MAX_MS = 10;
const KOP_CACHE_GEMEENTEN = 1024;
const ALL_POSITIE_CACHE_CHECKPOINTS = 64;
const PAGE_SIZE_EVENTS = 1000;
/** `$all` records one readAll may pass over (already seen) before it must have found something new or the end. */
const MAX_ALL_SCAN_RECORDS = 10_000_000;
const MAX_GEMEENTEN = 100_000;
const HEAD_READS_PARALLEL = 16;
/** Reads of a history's runs of positions in flight at once. */
const POSITIE_READS_PARALLEL = 16;

/**
 * The event-store port on KurrentDB (server 25.1 or newer; see README "Op KurrentDB draaien").
 *
 * - Positions and concurrency: a gemeente's log is the stream `begroot-log-{GM}`; an append names the
 *   log revision it continues, so KurrentDB refuses it when another append came first. The log's
 *   revision + 1 is the positie: gapless, in commit order, the chain's order.
 * - Business streams: every append is one multi-stream append of the events to the log and to their
 *   business stream, whose expected revision is the caller's expected version. Atomic: both or neither.
 * - AppendCondition: read the log after `naPositie` up to the head the append continues; the append then
 *   only succeeds if the log is still at that head, so the check is as exact as PostgreSQL's.
 * - Idempotency: the key's record goes into the same multi-stream append, on a stream that must not
 *   exist yet; record ids derive from the key, so KurrentDB also sees a repeated write as the same one.
 * - Hash chain: computed by the shared `chainEvents` before the append, kept in record metadata, verified
 *   by the shared `ChainVerifier`.
 */
export class KurrentDbEventStore implements EventStore {
  /** One append per gemeente at a time in this process: the log revision would refuse all but one anyway. */
  private readonly wachtrij = new WachtrijPerSleutel<GemeenteCode>(MAX_WACHTENDE_APPENDS);
  /** The log head this process wrote last; a guess that KurrentDB's expected revision checks. */
  private readonly koppen = new LruCache<GemeenteCode, Kop>(KOP_CACHE_GEMEENTEN);
  /** Per returned checkpoint the `$all` position it covers, so the next readAll resumes there. */
  private readonly allPosities = new LruCache<string, Position>(ALL_POSITIE_CACHE_CHECKPOINTS);

  constructor(
    private readonly client: KurrentKlient,
    private readonly clock: Clock = systemClock,
  ) {}

  append(gemeente: GemeenteCode, streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error('append zonder events'));
    if (events.length > MAX_EVENTS_PER_APPEND) return Promise.reject(new Error(`append van meer dan ${MAX_EVENTS_PER_APPEND} events`));
    if (isGereserveerdeStream(streamId)) return Promise.reject(new Error(`streamnaam ${streamId} is gereserveerd voor de opslag zelf`));
    const taak = this.wachtrij.plaats(gemeente, () => this.appendMetPogingen(gemeente, streamId, events, options));
    return taak ?? Promise.reject(new Error(`er wachten al ${MAX_WACHTENDE_APPENDS} appends voor ${gemeente}`));
  }

  private async appendMetPogingen(gemeente: GemeenteCode, streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (options.idempotency) {
      const eerder = await this.herhaling(gemeente, options.idempotency);
      if (eerder) return eerder;
    }
    for (let poging = 1; poging <= MAX_LOG_POGINGEN; poging++) {
      const uitkomst = await this.probeerAppend(gemeente, streamId, events, options);
      if (uitkomst !== 'log-verschoven') return uitkomst;
      this.koppen.delete(gemeente);
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * LOG_BACKOFF_MAX_MS)));
    }
    throw new ConcurrencyError(streamId, `het log van ${gemeente} werd ${MAX_LOG_POGINGEN} keer gelijktijdig verlengd`);
  }

  /** The stored answer to an Idempotency-Key seen before; refuses a reused key with another request. */
  private async herhaling(gemeente: GemeenteCode, idempotency: IdempotencyRecord): Promise<AppendResult | null> {
    const stored = await this.findIdempotency(gemeente, idempotency.sleutel);
    if (!stored) return null;
    if (stored.requestHash !== idempotency.requestHash) throw new IdempotencyConflictError(idempotency.sleutel);
    return stored.resultaat;
  }

  /** One attempt on the head as this process knows it; 'log-verschoven' when another append won the log. */
  private async probeerAppend(gemeente: GemeenteCode, streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult | 'log-verschoven'> {
    const kop = this.koppen.get(gemeente) ?? (await this.leesKop(gemeente));
    const expected = options.expectedVersion;
    // 'elke' still appends at an exact revision: the stream version is part of the hashed event.
    const streamVersion = expected === 'geen' ? 0 : expected === 'elke' ? await this.streamVersie(streamId) : expected;
    if (options.condition) await this.controleerConditie(gemeente, streamId, options.condition, kop?.positie ?? 0);

    const vorigeMs = kop ? Date.parse(kop.recordedAt) : 0;
    // recordedAt follows position order even if this instance's clock is behind the last writer's.
    const recordedAt = new Date(Math.max(this.clock.now().getTime(), vorigeMs)).toISOString();
    const recorded = chainEvents({ gemeente, head: kop ?? { positie: 0, kopHash: GENESIS_HASH }, streamId, streamVersion, recordedAt }, events);
    const ids = recordIds(gemeente, events, options.idempotency);
    const laatste = recorded[recorded.length - 1];
    const resultaat: AppendResult = {
      gemeente,
      streamId,
      eventIds: recorded.map((event) => event.eventId),
      eerstePositie: recorded[0].positie,
      laatstePositie: laatste.positie,
      streamVersion: laatste.streamVersion,
    };

    const log = logStream(gemeente);
    // The business stream first: KurrentDB reports the first stream whose revision is off, and a stale
    // business stream is the caller's conflict, which no retry on a fresh head would cure.
    const requests: AppendStreamRequest[] = [
      { streamName: streamId, expectedState: verwachteStaat(streamVersion), events: recorded.map((event, index) => naarRecord(event, ids[index].stroom)) },
      { streamName: log, expectedState: verwachteStaat(kop?.positie ?? 0), events: recorded.map((event, index) => naarRecord(event, ids[index].log)) },
    ];
    if (!kop) requests.push({ streamName: GEMEENTEN_STREAM, expectedState: ANY, events: [gemeenteRecord(gemeente)] });
    const sleutelStream = options.idempotency ? idempotentieStream(gemeente, options.idempotency.sleutel) : null;
    if (sleutelStream && options.idempotency) {
      requests.push({ streamName: sleutelStream, expectedState: NO_STREAM, events: [idempotentieRecord(gemeente, options.idempotency, resultaat)] });
    }

    try {
      const antwoord = await this.client.multiStreamAppend(requests);
      const logAntwoord = antwoord.responses.find((response) => response.streamName === log);
      // Another revision than ours means KurrentDB took the request as a repeat of records it already has.
      if (logAntwoord && logAntwoord.revision !== BigInt(laatste.positie - 1)) return this.alsHerhaald(gemeente, streamId, options);
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw vertaal(error);
      if (error.streamName === streamId && expected !== 'elke') {
        throw new ConcurrencyError(streamId, `verwachte versie ${streamVersion}, huidige versie ${versieVan(error.actualState)}`);
      }
      if (sleutelStream !== null && error.streamName === sleutelStream) return this.alsHerhaald(gemeente, streamId, options);
      // The log moved on (or, for 'elke', the stream did with it): decide nothing, try again on a fresh head.
      return 'log-verschoven';
    }
    this.koppen.set(gemeente, kopVan(laatste));
    return resultaat;
  }

  /** The key's stored answer after KurrentDB said this append was written before (the key's stream exists, or the ids were known). */
  private async alsHerhaald(gemeente: GemeenteCode, streamId: string, options: AppendOptions): Promise<AppendResult> {
    const eerder = options.idempotency ? await this.herhaling(gemeente, options.idempotency) : null;
    if (eerder) return eerder;
    throw new ConcurrencyError(streamId, 'KurrentDB zag de append als herhaling, maar er is geen opgeslagen antwoord');
  }

  /** The same rule as PostgreSQL's: no event after `naPositie` with one of the tags and one of the types. */
  private async controleerConditie(gemeente: GemeenteCode, streamId: string, condition: AppendCondition, totPositie: number): Promise<void> {
    const getagd = await this.readByTags(gemeente, condition.tags, { naPositie: condition.naPositie, totPositie });
    const raakt = getagd.find((event) => condition.types.includes(event.type));
    if (raakt) throw new ConcurrencyError(streamId, `positie ${raakt.positie} raakt ${condition.tags.join(', ')} na positie ${condition.naPositie}`);
  }

  async findIdempotency(gemeente: GemeenteCode, sleutel: string): Promise<StoredIdempotency | null> {
    const [record] = await this.lees(idempotentieStream(gemeente, sleutel), { fromRevision: START, maxCount: 1 });
    return record ? idempotentieVanRecord(record) : null;
  }

  async readStream(streamId: string, options: { naVersie?: number; limit?: number } = {}): Promise<RecordedEvent[]> {
    const limit = Math.min(options.limit ?? MAX_BATCH_SIZE_EVENTS, MAX_BATCH_SIZE_EVENTS);
    if (isGereserveerdeStream(streamId) || limit <= 0) return [];
    const records = await this.lees(streamId, { fromRevision: BigInt(options.naVersie ?? 0), maxCount: limit });
    return records.map(vanRecord);
  }

  async readLog(gemeente: GemeenteCode, options: { naPositie: number; limit: number; totPositie?: number }): Promise<RecordedEvent[]> {
    const tot = options.totPositie === undefined ? Number.MAX_SAFE_INTEGER : options.totPositie;
    const limit = Math.min(options.limit, MAX_BATCH_SIZE_EVENTS, tot - options.naPositie);
    if (limit <= 0) return [];
    // Revision r holds positie r + 1: the first event after naPositie is at revision naPositie.
    const records = await this.lees(logStream(gemeente), { fromRevision: BigInt(options.naPositie), maxCount: limit });
    return records.map(vanRecord);
  }

  /**
   * One read per run of consecutive positions (revision r holds positie r + 1), a few side by side: a
   * doel's history is a few dozen scattered events, and reading the log between them would cost all of it.
   */
  async readPosities(gemeente: GemeenteCode, posities: readonly number[]): Promise<RecordedEvent[]> {
    const reeksen: { van: number; aantal: number }[] = [];
    for (const positie of [...new Set(posities)].sort((a, b) => a - b)) {
      const laatste = reeksen[reeksen.length - 1];
      if (laatste && laatste.van + laatste.aantal === positie && laatste.aantal < PAGE_SIZE_EVENTS) laatste.aantal++;
      else reeksen.push({ van: positie, aantal: 1 });
    }
    const gelezen: RecordedEvent[] = [];
    // Bounded: a fixed number of runs, POSITIE_READS_PARALLEL at a time.
    for (let start = 0; start < reeksen.length; start += POSITIE_READS_PARALLEL) {
      const delen = await Promise.all(
        reeksen.slice(start, start + POSITIE_READS_PARALLEL).map(({ van, aantal }) => this.lees(logStream(gemeente), { fromRevision: BigInt(van - 1), maxCount: aantal })),
      );
      for (const records of delen) gelezen.push(...records.map(vanRecord));
    }
    return gelezen;
  }

  /**
   * KurrentDB has no index on our tags, so this scans the gemeente's log between the positions and
   * filters here: exact, but it costs the events in range, where PostgreSQL uses a GIN index.
   */
  async readByTags(gemeente: GemeenteCode, tags: string[], options: { naPositie?: number; totPositie?: number } = {}): Promise<RecordedEvent[]> {
    const totPositie = options.totPositie ?? (await this.head(gemeente))?.positie ?? 0;
    const gevonden: RecordedEvent[] = [];
    let naPositie = options.naPositie ?? 0;
    // Bounded: every page advances naPositie by at least one event, or ends the loop.
    while (naPositie < totPositie) {
      const pagina = await this.readLog(gemeente, { naPositie, limit: PAGE_SIZE_EVENTS, totPositie });
      if (pagina.length === 0) break;
      gevonden.push(...pagina.filter((event) => event.tags.some((tag) => tags.includes(tag))));
      naPositie = pagina[pagina.length - 1].positie;
    }
    return gevonden;
  }

  /**
   * `$all` from a stored position. KurrentDB writes `$all` in commit order and only shows committed
   * events, so a reader resuming at a position never misses an event that commits later. The port's
   * checkpoint is per gemeente; the `$all` position that belongs to a checkpoint this adapter returned
   * is remembered, and for any other checkpoint it is derived from the gemeenten's next events.
   */
  async readAll(after: LogCheckpoint, limit: number): Promise<{ events: RecordedEvent[]; checkpoint: LogCheckpoint }> {
    if (limit <= 0) return { events: [], checkpoint: { ...after } };
    const batchLimit = Math.min(limit, MAX_BATCH_SIZE_EVENTS);
    const start = this.allPosities.get(checkpointSleutel(after)) ?? (await this.startpositie(after));
    if (start === 'bij') return { events: [], checkpoint: { ...after } };
    let vanaf: Position | typeof START = start;
    let checkpoint: Record<GemeenteCode, number> = { ...after };
    const events: RecordedEvent[] = [];
    let laatstGelezen: Position | null = start === START ? null : start;
    // Bounded by MAX_ALL_SCAN_RECORDS: the read ends at the end of $all or with a full batch.
    for (let gescand = 0; gescand < MAX_ALL_SCAN_RECORDS; ) {
      const pagina = await this.leesAll(vanaf, PAGE_SIZE_EVENTS);
      gescand += pagina.length;
      const genomen = neemOngezien(checkpoint, pagina.map((item) => item.event), batchLimit - events.length);
      events.push(...genomen.events);
      checkpoint = genomen.checkpoint;
      if (genomen.verwerkt > 0) laatstGelezen = pagina[genomen.verwerkt - 1].positie;
      // A short page is the end of $all as it stands; a page not fully consumed means the batch is full.
      if (events.length >= batchLimit || genomen.verwerkt < pagina.length || pagina.length < PAGE_SIZE_EVENTS) {
        if (laatstGelezen) this.allPosities.set(checkpointSleutel(checkpoint), laatstGelezen);
        return { events, checkpoint };
      }
      vanaf = pagina[pagina.length - 1].positie;
    }
    throw new Error(`readAll vond na ${MAX_ALL_SCAN_RECORDS} records in $all niets nieuws; de checkpoint loopt ver voor op $all`);
  }

  /**
   * Where in `$all` a reader at `after` must start: the earliest next event of a gemeente it has not
   * fully seen. Every event before it is seen; events written after the heads were read come later in
   * `$all`. 'bij' when the reader has seen everything.
   */
  private async startpositie(after: LogCheckpoint): Promise<Position | typeof START | 'bij'> {
    if (checkpointSleutel(after) === '{}') return START;
    const heads = await this.heads();
    const achter = heads.filter((head) => head.positie > (after[head.gemeente] ?? 0));
    if (achter.length === 0) return 'bij';
    const posities: Position[] = [];
    for (const head of achter) {
      const [record] = await this.lees(logStream(head.gemeente), { fromRevision: BigInt(after[head.gemeente] ?? 0), maxCount: 1 });
      if (record?.position) posities.push(record.position);
      else throw new Error(`het log van ${head.gemeente} gaf geen $all-positie terug (KurrentDB ouder dan 22.6?)`);
    }
    return vroegstePositie(posities) ?? 'bij';
  }

  private async leesAll(vanaf: Position | typeof START, aantal: number): Promise<{ event: RecordedEvent; positie: Position }[]> {
    const gelezen: { event: RecordedEvent; positie: Position }[] = [];
    try {
      for await (const resolved of this.client.readAll({
        fromPosition: vanaf,
        direction: FORWARDS,
        maxCount: aantal,
        requiresLeader: true,
        filter: streamNameFilter({ prefixes: [LOG_STREAM_PREFIX] }),
      })) {
        if (resolved.event) gelezen.push({ event: vanRecord(resolved.event), positie: resolved.event.position });
      }
    } catch (error) {
      throw vertaal(error);
    }
    return gelezen;
  }

  async heads(): Promise<LogHead[]> {
    const geregistreerd = new Set<GemeenteCode>();
    let vanaf = 0n;
    // Bounded by MAX_GEMEENTEN: the registry has one record per gemeente (a second one, should a log
    // ever be opened twice, names the same gemeente and is folded away by the set).
    while (geregistreerd.size < MAX_GEMEENTEN) {
      const pagina = await this.lees(GEMEENTEN_STREAM, { fromRevision: vanaf, maxCount: PAGE_SIZE_EVENTS });
      for (const record of pagina) geregistreerd.add(gemeenteVanRecord(record));
      if (pagina.length < PAGE_SIZE_EVENTS) break;
      vanaf = pagina[pagina.length - 1].revision + 1n;
    }
    const gemeenten = [...geregistreerd];
    const koppen: LogHead[] = [];
    for (let index = 0; index < gemeenten.length; index += HEAD_READS_PARALLEL) {
      const groep = await Promise.all(gemeenten.slice(index, index + HEAD_READS_PARALLEL).map((gemeente) => this.head(gemeente)));
      for (const kop of groep) if (kop) koppen.push(kop);
    }
    return koppen.sort((a, b) => (a.gemeente < b.gemeente ? -1 : a.gemeente > b.gemeente ? 1 : 0));
  }

  async head(gemeente: GemeenteCode): Promise<LogHead | null> {
    const kop = await this.leesKop(gemeente);
    return kop ? { gemeente: kop.gemeente, positie: kop.positie, kopHash: kop.kopHash } : null;
  }

  private async leesKop(gemeente: GemeenteCode): Promise<Kop | null> {
    const [record] = await this.lees(logStream(gemeente), { fromRevision: END, direction: BACKWARDS, maxCount: 1 });
    return record ? kopVan(vanRecord(record)) : null;
  }

  private async streamVersie(streamId: string): Promise<number> {
    const [record] = await this.lees(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 });
    return record ? versieVan(record.revision) : 0;
  }

  /** The head is the log's last record: there is no separate head row to disagree with it. */
  async verify(gemeente: GemeenteCode, options: VerificationOptions = {}): Promise<VerificationResult> {
    return verifyChain(gemeente, await this.leesKop(gemeente), options, (page) => this.readLog(gemeente, page));
  }

  /** Readiness: KurrentDB answers a read (of the registry, which may well be empty). */
  async bereikbaar(): Promise<boolean> {
    try {
      await this.lees(GEMEENTEN_STREAM, { fromRevision: START, maxCount: 1 });
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Fails when the server cannot take multi-stream appends, before the service takes a request. The
   * probe is an empty append session: it writes nothing, and only the capability check can reject it.
   */
  async controleerServer(): Promise<void> {
    await this.lees(GEMEENTEN_STREAM, { fromRevision: START, maxCount: 1 });
    try {
      await this.client.multiStreamAppend([]);
    } catch (error) {
      if (error instanceof UnsupportedError) throw new KurrentDbVersieError();
      // Any other answer to an empty session (refused as empty, or accepted) means the method exists.
    }
  }

  close(): Promise<void> {
    return this.client.dispose();
  }

  /** A stream's records; an absent stream reads as empty. Reads go to the leader, so a read sees every acknowledged append. */
  private async lees(
    stream: string,
    options: { fromRevision: bigint | typeof START | typeof END; maxCount: number; direction?: typeof FORWARDS | typeof BACKWARDS },
  ): Promise<KurrentRecord[]> {
    const records: KurrentRecord[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, { ...options, requiresLeader: true })) if (resolved.event) records.push(resolved.event);
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw vertaal(error);
    }
    return records;
  }
}

/** gRPC status of an unreachable server, as grpc-js reports it on the multi-stream append path. */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

function vertaal(error: unknown): unknown {
  if (error instanceof UnsupportedError) return new KurrentDbVersieError();
  const type = (error as { type?: unknown })?.type;
  const code = (error as { code?: unknown })?.code;
  if (type === 'unavailable' || type === 'deadline-exceeded' || type === 'not-leader' || code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED) {
    return new EventStoreOnbereikbaarError(error);
  }
  return error;
}
