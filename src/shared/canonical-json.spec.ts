import fc from 'fast-check';
import { canonicalJson, sha256Hex, sha256HexVanCanoniek } from './canonical-json';

/** The definition, written plainly: what canonicalJson must keep producing for every stored hash. */
function definitie(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : definitie(item))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${definitie(member)}`).join(',')}}`;
}

describe('canonicalJson', () => {
  it('given any JSON value with undefined members, when serialised, then it equals the plain definition (sorted keys, no whitespace, undefined dropped)', () => {
    const waarde = fc.letrec((tie) => ({
      waarde: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, undefined, true, false, 0, -1.5, ''),
        fc.string({ unit: 'binary' }),
        fc.integer(),
        fc.array(tie('waarde'), { maxLength: 5 }),
        fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), tie('waarde'), { maxKeys: 6 }),
      ),
    })).waarde;
    fc.assert(fc.property(waarde.filter((value) => value !== undefined), (value) => expect(canonicalJson(value)).toBe(definitie(value))), { numRuns: 500 });
  });

  it('given keys that differ only past the first character or by case, when serialised, then they come in UTF-16 order', () => {
    // when
    const tekst = canonicalJson({ ab: 1, a: 2, B: 3, é: 4, '\u{1F600}': 5, 'z\uFFFF': 6, aa: undefined });

    // then
    expect(tekst).toBe('{"B":3,"a":2,"ab":1,"z\uFFFF":6,"é":4,"\u{1F600}":5}');
  });

  it('given an event far longer than one hash chunk, with emoji on the chunk edges, when hashed in pieces, then the hash is that of the whole text', () => {
    // given: 5,000 lines, each with a surrogate pair, so chunk edges fall everywhere
    const event = { type: 'RealisatieGeboekt', data: { regels: Array.from({ length: 5000 }, (_, i) => ({ doel: `${i % 300}.1`, kolom: '😀lasten', bedrag: `${i}.00` })) } };

    // when
    const inStukken = sha256HexVanCanoniek('vorige-hash\n', event);

    // then
    expect(inStukken).toBe(sha256Hex(`vorige-hash\n${canonicalJson(event)}`));
    expect(canonicalJson(event).length).toBeGreaterThan(10 * 16 * 1024);
  });

  it('given a number that JSON cannot hold, when serialised, then it refuses rather than write null', () => {
    expect(() => canonicalJson({ bedrag: Number.NaN })).toThrow('niet-eindig');
  });
});
