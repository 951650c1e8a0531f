/**
 * Coalesces concurrent lookups of one key without ever answering a caller with a value read before it
 * asked. A caller joins a lookup that has not started yet; if one is in flight, it waits for that one
 * to end and shares the next. So reads stay fresh (a client reads its own writes) while 32 concurrent
 * readers of one gemeente cost about two lookups instead of 32.
 */
export class VerseLezing<K, V> {
  private readonly lopend = new Map<K, Promise<V>>();
  private readonly volgend = new Map<K, Promise<V>>();

  lees(sleutel: K, haal: () => Promise<V>): Promise<V> {
    const volgend = this.volgend.get(sleutel);
    if (volgend) return volgend;
    const lopend = this.lopend.get(sleutel);
    if (!lopend) return this.start(sleutel, haal);
    const nieuw = lopend
      .catch(() => undefined)
      .then(() => {
        this.volgend.delete(sleutel);
        return this.start(sleutel, haal);
      });
    this.volgend.set(sleutel, nieuw);
    return nieuw;
  }

  private start(sleutel: K, haal: () => Promise<V>): Promise<V> {
    const lookup: Promise<V> = haal().finally(() => {
      if (this.lopend.get(sleutel) === lookup) this.lopend.delete(sleutel);
    });
    this.lopend.set(sleutel, lookup);
    return lookup;
  }
}
