import { VerseLezing } from './verse-lezing';

/** A lookup whose answer the test releases by hand, counting how often it started. */
function handmatig() {
  let gestart = 0;
  const open: ((waarde: number) => void)[] = [];
  return {
    haal: () => {
      gestart += 1;
      const stand = gestart;
      return new Promise<number>((resolve) => open.push(() => resolve(stand)));
    },
    geefVrij: () => open.shift()?.(0),
    gestart: () => gestart,
  };
}

const tik = () => new Promise((resolve) => setImmediate(resolve));

describe('VerseLezing', () => {
  it('given a lookup in flight, when more callers ask, then they share one next lookup that starts after it, never the earlier answer', async () => {
    const lezing = new VerseLezing<string, number>();
    const bron = handmatig();
    const eerste = lezing.lees('GM0193', bron.haal);

    const later = [lezing.lees('GM0193', bron.haal), lezing.lees('GM0193', bron.haal), lezing.lees('GM0193', bron.haal)];
    expect(bron.gestart()).toBe(1);
    bron.geefVrij();
    await tik();
    expect(bron.gestart()).toBe(2);
    bron.geefVrij();

    expect(await eerste).toBe(1);
    expect(await Promise.all(later)).toEqual([2, 2, 2]);
  });

  it('given nothing in flight, when a caller asks, then a lookup starts at once; keys do not share', async () => {
    const lezing = new VerseLezing<string, number>();
    const bron = handmatig();

    const a = lezing.lees('GM0193', bron.haal);
    const b = lezing.lees('GM0200', bron.haal);
    expect(bron.gestart()).toBe(2);
    bron.geefVrij();
    bron.geefVrij();

    expect([await a, await b]).toEqual([1, 2]);
  });

  it('given a failed lookup, when callers were waiting for the next one, then that next one still runs', async () => {
    const lezing = new VerseLezing<string, number>();
    const eerste = lezing.lees('GM0193', () => Promise.reject(new Error('database weg')));
    const volgende = lezing.lees('GM0193', async () => 7);

    await expect(eerste).rejects.toThrow('database weg');
    expect(await volgende).toBe(7);
  });
});
