/**
 * Runs tasks one after another per key (a gemeente), in arrival order; tasks of different keys run side
 * by side. At most `maxWachtend` tasks per key may be waiting or running; `plaats` refuses beyond that.
 * A failing task fails only its own caller; the next task still runs.
 */
export class WachtrijPerSleutel<K> {
  private readonly staarten = new Map<K, Promise<unknown>>();
  private readonly aantallen = new Map<K, number>();

  constructor(private readonly maxWachtend = Number.POSITIVE_INFINITY) {}

  /** How many tasks of `sleutel` wait or run now. */
  wachtend(sleutel: K): number {
    return this.aantallen.get(sleutel) ?? 0;
  }

  /** Queues `taak` behind the tasks of `sleutel`; null (nothing queued) when the queue is full. */
  plaats<T>(sleutel: K, taak: () => Promise<T>): Promise<T> | null {
    const aantal = this.wachtend(sleutel);
    if (aantal >= this.maxWachtend) return null;
    this.aantallen.set(sleutel, aantal + 1);
    const deze = (this.staarten.get(sleutel) ?? Promise.resolve()).then(taak);
    const klaar = deze.then(
      () => undefined,
      () => undefined,
    );
    this.staarten.set(sleutel, klaar);
    void klaar.then(() => {
      const over = this.wachtend(sleutel) - 1;
      if (over <= 0) this.aantallen.delete(sleutel);
      else this.aantallen.set(sleutel, over);
      if (this.staarten.get(sleutel) === klaar) this.staarten.delete(sleutel);
    });
    return deze;
  }
}
