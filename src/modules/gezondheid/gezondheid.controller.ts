import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Openbaar } from '../../auth/auth.guard';

const READINESS_TIMEOUT_MS = 2000;

/** Liveness and readiness: answers without a token; 503 when PostgreSQL does not answer in time. */
@ApiTags('gezondheid')
@Controller('gezondheid')
export class GezondheidController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get()
  @Openbaar()
  async gezondheid(@Res({ passthrough: true }) response: Response) {
    const database = await Promise.race([
      this.dataSource.query('SELECT 1').then(() => 'bereikbaar' as const, () => 'onbereikbaar' as const),
      new Promise<'onbereikbaar'>((resolve) => setTimeout(() => resolve('onbereikbaar'), READINESS_TIMEOUT_MS).unref()),
    ]);
    const status = database === 'bereikbaar' ? 'ok' : 'niet gereed';
    response.status(database === 'bereikbaar' ? 200 : 503);
    return { status, eventStore: database, database };
  }
}
