import { Inject, Injectable } from '@nestjs/common';
import type { GemeenteCode } from '../domain/shared/begrippen';
import { conflict } from '../domain/shared/domain-error';
import type { NieuwFeit } from '../domain/shared/nieuw-feit';
import type { DomainEventBase, EventMetadata } from '../domain/shared/recorded-event';
import { tagsVan } from '../domain/tags';
import { newEventId } from '../shared/ids';
import { WachtrijPerSleutel } from '../shared/wachtrij-per-sleutel';
import { ConcurrencyError, IdempotencyConflictError } from '../event-store/event-store.errors';
import { type AppendCondition, type AppendResult, EVENT_STORE, type EventStore, type ExpectedVersion, type NewEvent } from '../event-store/event-store.port';
import type { RequestContext } from '../http/request-context';

/** The schema version every event is written with today; older versions are upcast on read. */
export const CURRENT_SCHEMA_VERSION = 1;

/** What one attempt loaded and decided. */
export interface Decision {
  expectedVersion: ExpectedVersion;
  condition?: AppendCondition;
  feiten: NieuwFeit<DomainEventBase>[];
}

export type CommandOutcome =
  | { status: 'geschreven'; resultaat: AppendResult; herhaald: boolean }
  | { status: 'ongewijzigd' };

/** The service cannot take the command now (its queue is full, or its request timed out while queued); nothing was written. */
export class TijdelijkNietBeschikbaar extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}
const onbereikbaar = (code: string, detail: string) => new TijdelijkNietBeschikbaar(code, detail);

/** Commands of one gemeente that may wait in this instance; more answer 503 at once instead of piling up. */
export const MAX_WACHTRIJ_COMMANDS = 1000;

/** Stale decisions are retried this often before the client gets a 409 (rule 9). */
export const MAX_ATTEMPTS = 64;
const BACKOFF_MAX_MS = 20;

/**
 * The generic command path: read the stream(s), fold, decide, append with the expected version; on a
 * concurrency conflict decide again from fresh state, a bounded number of times. An Idempotency-Key
 * seen before returns the first answer without deciding again.
 */
@Injectable()
export class CommandExecutor {
  /**
   * Per gemeente the command in flight in this process. A gemeente's appends serialise on its log
   * head in PostgreSQL anyway; queueing them here first means commands of one instance decide on
   * fresh state instead of colliding and retrying (with 32 writers on one year, most attempts were
   * lost to conflicts). Optimistic concurrency still guards against other instances.
   */
  private readonly wachtrij = new WachtrijPerSleutel<GemeenteCode>(MAX_WACHTRIJ_COMMANDS);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(gemeente: GemeenteCode, streamId: string, context: RequestContext, decideAttempt: () => Promise<Decision>): Promise<CommandOutcome> {
    const geplaatst = this.wachtrij.plaats(gemeente, async () => {
      // The client already got the timeout answer: starting now could book a command it will retry.
      if (context.verlopen?.()) throw onbereikbaar('VERZOEK.TIME_OUT', 'Het verzoek is verlopen voordat het aan de beurt was; er is niets vastgelegd.');
      return this.voerUit(gemeente, streamId, context, decideAttempt);
    });
    return (
      geplaatst ??
      Promise.reject(onbereikbaar('COMMANDS.WACHTRIJ_VOL', `Er wachten al ${MAX_WACHTRIJ_COMMANDS} opdrachten voor gemeente ${gemeente}; er is niets vastgelegd. Probeer het zo opnieuw.`))
    );
  }

  private async voerUit(
    gemeente: GemeenteCode,
    streamId: string,
    context: RequestContext,
    decideAttempt: () => Promise<Decision>,
  ): Promise<CommandOutcome> {
    const idempotency = context.idempotency;
    if (idempotency) {
      const stored = await this.store.findIdempotency(gemeente, idempotency.sleutel);
      if (stored) {
        if (stored.requestHash !== idempotency.requestHash) throw new IdempotencyConflictError(idempotency.sleutel);
        return { status: 'geschreven', resultaat: stored.resultaat, herhaald: true };
      }
    }
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const decision = await decideAttempt();
      if (decision.feiten.length === 0) return { status: 'ongewijzigd' };
      const events = decision.feiten.map((feit) => this.toNewEvent(feit, context));
      try {
        const resultaat = await this.store.append(gemeente, streamId, events, {
          expectedVersion: decision.expectedVersion,
          condition: decision.condition,
          idempotency,
        });
        const herhaald = resultaat.eventIds[0] !== events[0].eventId;
        return { status: 'geschreven', resultaat, herhaald };
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        // Randomised backoff lets one of many contending writers through per round.
        await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * BACKOFF_MAX_MS)));
      }
    }
    throw conflict(
      'STREAM.GELIJKTIJDIG_GEWIJZIGD',
      `Regel 9: ${streamId} werd ${MAX_ATTEMPTS} keer gelijktijdig gewijzigd; er is niets vastgelegd. Probeer het opnieuw.`,
    );
  }

  private toNewEvent(feit: NieuwFeit<DomainEventBase>, context: RequestContext): NewEvent {
    const data = feit.event.data as { besluit?: EventMetadata['besluit'] };
    const metadata: EventMetadata = {
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.requestId,
      ...(context.idempotency ? { idempotencyKey: context.idempotency.sleutel } : {}),
      ...(data && typeof data === 'object' && data.besluit ? { besluit: data.besluit } : {}),
    };
    return {
      // Time-ordered, so the unique index on event ids grows at its right edge (src/shared/ids.ts); the
      // time is only the id's, recordedAt is the store's.
      eventId: newEventId(Date.now()),
      type: feit.event.type,
      schemaVersion: CURRENT_SCHEMA_VERSION,
      datum: feit.datum,
      data: feit.event.data,
      metadata,
      tags: tagsVan(feit.event as Parameters<typeof tagsVan>[0]),
    };
  }
}
