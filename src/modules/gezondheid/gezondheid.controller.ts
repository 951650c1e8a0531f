import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Openbaar } from '../../auth/auth.guard';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port';

const READINESS_TIMEOUT_MS = 2000;

type Stand = 'bereikbaar' | 'onbereikbaar';

/** Answers within the readiness timeout, whatever the check does. */
function binnenTijd(check: Promise<boolean>): Promise<Stand> {
  return Promise.race([
    check.then((ok) => (ok ? 'bereikbaar' : 'onbereikbaar'), () => 'onbereikbaar' as const),
    new Promise<'onbereikbaar'>((resolve) => setTimeout(() => resolve('onbereikbaar'), READINESS_TIMEOUT_MS).unref()),
  ]);
}

/**
 * Liveness and readiness: answers without a token; 503 when PostgreSQL (always needed: read models,
 * projection leader) or a separate event store (KurrentDB) does not answer in time.
 */
@ApiTags('gezondheid')
@Controller('gezondheid')
export class GezondheidController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @Openbaar()
  async gezondheid(@Res({ passthrough: true }) response: Response) {
    const [database, eventStore] = await Promise.all([
      binnenTijd(this.dataSource.query('SELECT 1').then(() => true)),
      this.store.bereikbaar ? binnenTijd(this.store.bereikbaar()) : null,
    ]);
    const gereed = database === 'bereikbaar' && (eventStore ?? database) === 'bereikbaar';
    response.status(gereed ? 200 : 503);
    return { status: gereed ? 'ok' : 'niet gereed', eventStore: eventStore ?? database, database };
  }
}
