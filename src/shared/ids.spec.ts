import { newEventId } from './ids';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('eventId (UUID version 7)', () => {
  it('given the example time of RFC 9562 (appendix A.6), when an id is made, then its first 48 bits are that time in milliseconds', () => {
    // 2022-02-22 19:22:22 UTC = 0x017F22E279B0 ms.
    const id = newEventId(Date.UTC(2022, 1, 22, 19, 22, 22), new Uint8Array(10));

    expect(id).toBe('017f22e2-79b0-7000-8000-000000000000');
  });

  it('given random bytes with every bit set, when an id is made, then only the version and variant bits are overwritten', () => {
    const id = newEventId(0, new Uint8Array(10).fill(0xff));

    expect(id).toBe('00000000-0000-7fff-bfff-ffffffffffff');
  });

  it('given ids made a millisecond apart, then they sort as their times do, as text and as PostgreSQL compares uuids (bytewise)', () => {
    const tijden = [1, 255, 256, 2 ** 32 - 1, 2 ** 32, 1_795_477_716_320, 2 ** 48 - 1];
    const ids = tijden.map((tijd) => newEventId(tijd, new Uint8Array(10).fill(0xff)));

    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(UUID);
  });

  it('given the same millisecond, when two ids are made with fresh random bytes, then they differ', () => {
    expect(newEventId(1_795_477_716_320)).not.toBe(newEventId(1_795_477_716_320));
  });

  it.each([[-1], [2 ** 48], [1.5], [Number.NaN]])('given the time %p, when an id is made, then it is refused', (tijd) => {
    expect(() => newEventId(tijd)).toThrow(RangeError);
  });
});
