import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { GemeenteCommand } from '../domain/gemeente/gemeente.commands';
import { decideGemeente } from '../domain/gemeente/gemeente.decide';
import { type GemeenteEvent, gemeenteStreamId } from '../domain/gemeente/gemeente.events';
import { evolveGemeente, type GemeenteState, initialGemeenteState } from '../domain/gemeente/gemeente.state';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import type { RequestContext } from '../http/request-context';
import { upcast } from '../domain/upcast';
import { type CommandOutcome, CommandExecutor } from './command-executor';
import { StreamToestanden } from './stream-toestanden';

/** Carries a registry command (gemeente stream) through the bus to its one handler. */
export class VoerGemeenteCommandUit extends Command<CommandOutcome> {
  constructor(
    readonly command: GemeenteCommand,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(VoerGemeenteCommandUit)
export class GemeenteCommandHandler implements ICommandHandler<VoerGemeenteCommandUit> {
  private readonly gemeenten: StreamToestanden<GemeenteState>;

  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    this.gemeenten = new StreamToestanden(store, initialGemeenteState, (state, event) => evolveGemeente(state, upcast<GemeenteEvent>(event)));
  }

  execute({ command, context }: VoerGemeenteCommandUit): Promise<CommandOutcome> {
    const streamId = gemeenteStreamId(command.gemeente);
    return this.executor.execute(command.gemeente, streamId, context, async () => {
      const { state, versie } = await this.gemeenten.lees(streamId);
      const bekendeDoelen = command.type === 'VerleenKrediet' ? await this.bekendeDoelen(command.gemeente, command.data.doel) : new Set<string>();
      const feiten = decideGemeente(command, state, { bekendeDoelen });
      return { expectedVersion: versie === 0 ? 'geen' : versie, feiten };
    });
  }

  /** The doel codes laid down in any year, as far as `doel` is concerned. */
  private async bekendeDoelen(gemeente: string, doel: string): Promise<Set<string>> {
    const events = await this.store.readByTags(gemeente, [`doel:${doel}`]);
    return new Set(events.filter((event) => event.type === 'DoelenVastgelegd').length > 0 ? [doel] : []);
  }
}
