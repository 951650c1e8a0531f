import { WachtrijPerSleutel } from './wachtrij-per-sleutel';

/** A task that records its start and finishes when the test says so. */
function taak(log: string[], naam: string) {
  let klaar: () => void = () => undefined;
  let meldStart: () => void = () => undefined;
  const gestart = new Promise<void>((resolve) => (meldStart = resolve));
  const uitvoering = () => {
    log.push(`start ${naam}`);
    meldStart();
    return new Promise<string>((einde) => (klaar = () => einde(naam)));
  };
  return { uitvoering, gestart, klaar: () => klaar() };
}

describe('WachtrijPerSleutel', () => {
  it('given two tasks of one key and one of another, then the second of the key waits for the first, and the other key does not', async () => {
    const wachtrij = new WachtrijPerSleutel<string>();
    const log: string[] = [];
    const a1 = taak(log, 'a1');
    const a2 = taak(log, 'a2');
    const b1 = taak(log, 'b1');

    const uitkomsten = [wachtrij.plaats('a', a1.uitvoering), wachtrij.plaats('a', a2.uitvoering), wachtrij.plaats('b', b1.uitvoering)];
    await Promise.all([a1.gestart, b1.gestart]);

    expect(log).toEqual(['start a1', 'start b1']);
    expect(wachtrij.wachtend('a')).toBe(2);
    a1.klaar();
    await a2.gestart;
    expect(log).toEqual(['start a1', 'start b1', 'start a2']);
    a2.klaar();
    b1.klaar();
    expect(await Promise.all(uitkomsten)).toEqual(['a1', 'a2', 'b1']);
  });

  it('given a full queue, then plaats refuses; given a failing task, then the next still runs', async () => {
    const wachtrij = new WachtrijPerSleutel<string>(2);
    const eerste = wachtrij.plaats('a', () => Promise.reject(new Error('mis')));
    const tweede = wachtrij.plaats('a', async () => 'verder');

    expect(wachtrij.plaats('a', async () => 'te veel')).toBeNull();
    await expect(eerste).rejects.toThrow('mis');
    expect(await tweede).toBe('verder');
    await new Promise((resolve) => setImmediate(resolve));
    expect(wachtrij.wachtend('a')).toBe(0);
  });
});
