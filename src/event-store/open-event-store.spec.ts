import type { DataSource } from 'typeorm';
import { EventStoreOnbereikbaarError } from './event-store.errors';
import { openEventStore, zonderWachtwoord } from './open-event-store';
import { PostgresEventStore } from './postgres-event-store';

describe('openEventStore', () => {
  it('given a connection string with a user and password, when it is named in a message, then the user info is masked', () => {
    expect(zonderWachtwoord('kurrentdb://admin:geheim@kurrentdb-1:2113,kurrentdb-2:2113?tls=true')).toBe('kurrentdb://***@kurrentdb-1:2113,kurrentdb-2:2113?tls=true');
    expect(zonderWachtwoord('kurrentdb://localhost:2113?tls=false')).toBe('kurrentdb://localhost:2113?tls=false');
  });

  it('given EVENT_STORE=postgres, when the service modules are loaded and the store is opened, then the KurrentDB client is never loaded', async () => {
    // The client and its gRPC stack cost ~20 MB of RSS in every process (measured on dist/src/main.js);
    // a PostgreSQL deployment must not pay for them. A fresh module registry, so nothing loaded before
    // counts; main.ts itself is held to this by a lint rule (it starts the service when loaded).
    const geladen: string[] = [];
    let geopend: Awaited<ReturnType<typeof openEventStore>> | undefined;
    try {
      await jest.isolateModulesAsync(async () => {
        jest.doMock('@kurrent/kurrentdb-client', () => {
          geladen.push('@kurrent/kurrentdb-client');
          return {};
        });
        await import('../http/create-app');
        await import('./event-store.errors');
        const open = await import('./open-event-store');
        geopend = await open.openEventStore({ eventStore: 'postgres', kurrentDbUrl: undefined }, {} as DataSource);
      });
    } finally {
      jest.dontMock('@kurrent/kurrentdb-client');
    }

    expect(geladen).toEqual([]);
    expect(geopend?.store.constructor.name).toBe(PostgresEventStore.name);
  });

  it('given EVENT_STORE=kurrentdb and no server listening, when the store is opened, then start-up stops with the address and without the password', async () => {
    // Port 9 (discard) has no KurrentDB on any build machine; the DataSource is not touched on this path.
    const geopend = openEventStore({ eventStore: 'kurrentdb', kurrentDbUrl: 'kurrentdb://admin:geheim@127.0.0.1:9?tls=false' }, {} as DataSource);

    await expect(geopend).rejects.toBeInstanceOf(EventStoreOnbereikbaarError);
    await expect(geopend).rejects.toThrow(/op kurrentdb:\/\/\*\*\*@127\.0\.0\.1:9\?tls=false is niet bereikbaar/);
    await expect(geopend).rejects.not.toThrow(/geheim/);
  });
});
