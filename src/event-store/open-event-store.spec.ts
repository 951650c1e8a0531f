import type { DataSource } from 'typeorm';
import { EventStoreOnbereikbaarError } from './event-store.errors';
import { openEventStore, zonderWachtwoord } from './open-event-store';

describe('openEventStore', () => {
  it('given a connection string with a user and password, when it is named in a message, then the user info is masked', () => {
    expect(zonderWachtwoord('kurrentdb://admin:geheim@kurrentdb-1:2113,kurrentdb-2:2113?tls=true')).toBe('kurrentdb://***@kurrentdb-1:2113,kurrentdb-2:2113?tls=true');
    expect(zonderWachtwoord('kurrentdb://localhost:2113?tls=false')).toBe('kurrentdb://localhost:2113?tls=false');
  });

  it('given EVENT_STORE=kurrentdb and no server listening, when the store is opened, then start-up stops with the address and without the password', async () => {
    // Port 9 (discard) has no KurrentDB on any build machine; the DataSource is not touched on this path.
    const geopend = openEventStore({ eventStore: 'kurrentdb', kurrentDbUrl: 'kurrentdb://admin:geheim@127.0.0.1:9?tls=false' }, {} as DataSource);

    await expect(geopend).rejects.toBeInstanceOf(EventStoreOnbereikbaarError);
    await expect(geopend).rejects.toThrow(/op kurrentdb:\/\/\*\*\*@127\.0\.0\.1:9\?tls=false is niet bereikbaar/);
    await expect(geopend).rejects.not.toThrow(/geheim/);
  });
});
