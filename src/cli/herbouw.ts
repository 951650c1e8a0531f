import 'reflect-metadata';
import { resolve } from 'node:path';
import { herbouwProjecties } from '../../projections/herbouw';
import { openDatabase } from '../database/data-source';
import { type RunningDatabase, startEmbeddedPostgres } from '../database/embedded-postgres';
import { loadEventStoreConfig } from '../config/config';
import { openEventStore } from '../event-store/open-event-store';
import { CliFout } from './api-client';

export const HERBOUW_HULP = `begroot herbouw
  Bouwt alle leesmodellen opnieuw uit de events en wisselt ze in. Met DATABASE_URL naast een draaiende service;
  zonder start het de ingebouwde PostgreSQL van LEDGER_DATA_DIR (alleen als de service niet draait).
  De events komen uit de store die EVENT_STORE noemt (postgres of kurrentdb).`;

/**
 * `npm run herbouw` (`begroot herbouw`): rebuilds every read model from the events and swaps them in, with progress on
 * the terminal. The same code as `POST /api/v1/beheer/projecties/herbouw` (projections/herbouw.ts).
 * With DATABASE_URL it works beside a running service; without it, it starts the embedded PostgreSQL
 * of LEDGER_DATA_DIR, which is only possible while the service is stopped (use the endpoint otherwise).
 */
export async function herbouwCommando(): Promise<void> {
  const dataDir = resolve(process.env.LEDGER_DATA_DIR ?? './.data');
  let embedded: RunningDatabase | undefined;
  let url = process.env.DATABASE_URL || undefined;
  if (!url) {
    try {
      embedded = await startEmbeddedPostgres(dataDir, () => undefined);
    } catch (error) {
      throw new CliFout(
        `de ingebouwde PostgreSQL in ${dataDir} start niet (${error instanceof Error ? error.message : String(error)}). ` +
          'Draait de service nog? Stop hem, of gebruik POST /api/v1/beheer/projecties/herbouw, of zet DATABASE_URL.',
      );
    }
    url = embedded.url;
  }
  const dataSource = await openDatabase(url);
  // The events come from the store the service uses (EVENT_STORE); the read models always live in PostgreSQL.
  const eventStore = await openEventStore(loadEventStoreConfig(process.env), dataSource).catch(async (error: unknown) => {
    await dataSource.destroy();
    await embedded?.stop();
    throw error;
  });
  const interactief = process.stderr.isTTY;
  let laatsteRegelMs = 0;
  try {
    const resultaat = await herbouwProjecties(dataSource, eventStore.store, {
      voortgang: (gemeente, positie, kop) => {
        const nu = Date.now();
        if (positie < kop && nu - laatsteRegelMs < 200) return;
        laatsteRegelMs = nu;
        const procent = kop === 0 ? 100 : Math.floor((positie * 100) / kop);
        const regel = `herbouw ${gemeente}: ${positie}/${kop} events (${procent} %)`;
        process.stderr.write(interactief ? `\r${regel.padEnd(60)}` : `${regel}\n`);
      },
    });
    if (interactief) process.stderr.write('\n');
    process.stdout.write(`herbouw klaar: ${resultaat.events} events van ${resultaat.gemeenten} gemeenten in ${resultaat.duurMs} ms; de nieuwe leesmodellen zijn ingewisseld\n`);
  } finally {
    await eventStore.close();
    await dataSource.destroy();
    await embedded?.stop();
  }
}
