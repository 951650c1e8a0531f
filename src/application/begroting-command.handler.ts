import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { BegrotingCommand } from '../domain/begroting/begroting.commands';
import { decideBegroting } from '../domain/begroting/begroting.decide';
import { type BegrotingEvent, begrotingStreamId } from '../domain/begroting/begroting.events';
import { type BegrotingState, evolveBegroting, initialBegrotingState } from '../domain/begroting/begroting.state';
import { type GemeenteEvent, gemeenteStreamId } from '../domain/gemeente/gemeente.events';
import { evolveGemeente, type GemeenteState, initialGemeenteState } from '../domain/gemeente/gemeente.state';
import { realisedReserveSaldo, reserveStartjaar } from '../domain/reserve-saldo';
import { onbekend } from '../domain/shared/domain-error';
import { upcast } from '../domain/upcast';
import { formatBedrag, NUL } from '../shared/money';
import { LruCache } from '../shared/lru-cache';
import type Big from 'big.js';
import { type AppendCondition, EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import type { RequestContext } from '../http/request-context';
import { type CommandOutcome, CommandExecutor } from './command-executor';
import { readWholeStream } from './stream-reader';
import { StreamToestanden } from './stream-toestanden';

/** Carries a budget-year command (stream `begroting-{GM}-{jaar}`) through the bus to its one handler. */
export class VoerBegrotingCommandUit extends Command<CommandOutcome> {
  constructor(
    readonly command: BegrotingCommand,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** Event types that change a reserve's realised balance or existence. */
const RESERVE_SALDO_TYPES = ['ReserveIngesteld', 'ReserveOpgeheven', 'ReservemutatieGeboekt', 'CorrectieGeboekt'];

/** Reserves whose realised balance the command may lower: only these need rule 6's cross-year guard. */
function geraakteReserves(command: BegrotingCommand): string[] {
  switch (command.type) {
    case 'BoekReservemutatie':
      return [command.data.reserve];
    case 'BoekCorrectie':
      return [...new Set(command.data.regels.flatMap((regel) => (regel.reserve ? [regel.reserve] : [])))];
    default:
      return [];
  }
}

/** Reserves whose realised balance is kept in memory between commands. */
const RESERVESALDI_CACHE_ENTRIES = 1024;

@CommandHandler(VoerBegrotingCommandUit)
export class BegrotingCommandHandler implements ICommandHandler<VoerBegrotingCommandUit> {
  private readonly begrotingen: StreamToestanden<BegrotingState>;
  /** Realised balance per gemeente and reserve at a log position (the balance is a sum, so it continues). */
  private readonly reservesaldi = new LruCache<string, { positie: number; saldo: Big; startjaar?: number }>(RESERVESALDI_CACHE_ENTRIES);
  private readonly gemeenten: StreamToestanden<GemeenteState>;

  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    this.begrotingen = new StreamToestanden(store, initialBegrotingState, (state, event) => evolveBegroting(state, upcast<BegrotingEvent>(event)));
    this.gemeenten = new StreamToestanden(store, initialGemeenteState, (state, event) => evolveGemeente(state, upcast<GemeenteEvent>(event)));
  }

  execute({ command, context }: VoerBegrotingCommandUit): Promise<CommandOutcome> {
    const streamId = begrotingStreamId(command.gemeente, command.jaar);
    return this.executor.execute(command.gemeente, streamId, context, async () => {
      const [gemeenteStream, begrotingStream] = await Promise.all([this.gemeenten.lees(gemeenteStreamId(command.gemeente)), this.begrotingen.lees(streamId)]);
      if (gemeenteStream.versie === 0) throw onbekend('GEMEENTE.ONBEKEND', `Gemeente ${command.gemeente} is niet geregistreerd.`);
      const gemeente = gemeenteStream.state;
      const state = begrotingStream.state;

      // Rule 6 across budget years: read the reserve's balance as of the gemeente's head, and append only
      // if no event touching that reserve's balance was written after it.
      const reserves = geraakteReserves(command);
      const reservesaldi: Record<string, string> = {};
      let condition: AppendCondition | undefined;
      if (reserves.length > 0) {
        const head = await this.store.head(command.gemeente);
        const totPositie = head?.positie ?? 0;
        for (const reserve of reserves) reservesaldi[reserve] = formatBedrag(await this.reservesaldo(command.gemeente, reserve, totPositie));
        condition = { naPositie: totPositie, tags: reserves.map((reserve) => `reserve:${reserve}`), types: RESERVE_SALDO_TYPES };
      }
      // Corrections are rare (only after closing): the corrected event is looked up in the whole stream.
      const corrected =
        command.type === 'BoekCorrectie' ? (await readWholeStream(this.store, streamId)).find((event) => event.eventId === command.data.corrigeert && event.streamVersion <= begrotingStream.versie) : undefined;
      const feiten = decideBegroting(command, state, {
        gemeente,
        reservesaldi,
        gecorrigeerd: corrected ? { eventId: corrected.eventId, type: corrected.type as BegrotingEvent['type'] } : undefined,
      });
      return { expectedVersion: begrotingStream.versie === 0 ? 'geen' : begrotingStream.versie, condition, feiten };
    });
  }

  /**
   * The reserve's realised balance at `totPositie`: the balance cached at an earlier position plus the
   * events touching the reserve since (events up to the head never change, and a balance is a sum).
   */
  private async reservesaldo(gemeente: string, reserve: string, totPositie: number): Promise<Big> {
    const sleutel = `${gemeente}|${reserve}`;
    const bekend = this.reservesaldi.get(sleutel);
    const vanaf = bekend && bekend.positie <= totPositie ? bekend : { positie: 0, saldo: NUL, startjaar: undefined };
    const nieuw = (await this.store.readByTags(gemeente, [`reserve:${reserve}`], { naPositie: vanaf.positie, totPositie })).map((event) => upcast(event));
    const startjaar = vanaf.startjaar ?? reserveStartjaar(reserve, nieuw);
    const saldo = vanaf.saldo.plus(realisedReserveSaldo(reserve, nieuw, startjaar));
    this.reservesaldi.set(sleutel, { positie: totPositie, saldo, startjaar });
    return saldo;
  }
}
