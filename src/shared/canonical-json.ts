import { createHash } from 'node:crypto';

/**
 * A canonical JSON serialisation: object keys sorted, no whitespace, `undefined` members dropped.
 * The hash chain and request hashes depend on it, so it must never change for a stored schema.
 *
 * Written in one pass to a sink in pieces, so the hash chain can hash an event without ever holding
 * its text: a 5,000-line realisatie event is hashed on every append, and building its text first (as
 * arrays of entries and parts per object) made ~1.7 kB of garbage per line, most of it alive until the
 * whole text was hashed (measured with the sampling heap profiler on a 100,000-line import).
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) throw new Error('canonicalJson: undefined is geen JSON-waarde');
  let tekst = '';
  schrijfCanoniek(value, (stuk) => {
    tekst += stuk;
  });
  return tekst;
}

/** SHA-256 (hex) of `prefix` followed by the canonical JSON of `value`, fed to the hash in chunks. */
export function sha256HexVanCanoniek(prefix: string, value: unknown): string {
  const hash = createHash('sha256').update(prefix, 'utf8');
  let buffer = '';
  schrijfCanoniek(value, (stuk) => {
    buffer += stuk;
    if (buffer.length >= HASH_CHUNK_TEKENS) {
      hash.update(buffer, 'utf8');
      buffer = '';
    }
  });
  return hash.update(buffer, 'utf8').digest('hex');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Chunks cut between JSON tokens, so never inside a surrogate pair: UTF-8 of the parts is UTF-8 of the whole. */
const HASH_CHUNK_TEKENS = 16 * 1024;

/** Quoted keys, which repeat on every line of an event (`"bedrag"`, `"doel"`, `"kolom"`). */
const gequoteSleutels = new Map<string, string>();
const MAX_GEQUOTE_SLEUTELS = 10_000;

function gequote(sleutel: string): string {
  let uit = gequoteSleutels.get(sleutel);
  if (uit === undefined) {
    uit = JSON.stringify(sleutel);
    if (gequoteSleutels.size < MAX_GEQUOTE_SLEUTELS) gequoteSleutels.set(sleutel, uit);
  }
  return uit;
}

/** Sorts by UTF-16 code units, as `<` compares; in place, and without a work array for the few keys an object has here. */
function sorteer(sleutels: string[]): string[] {
  if (sleutels.length > 16) return sleutels.sort();
  for (let i = 1; i < sleutels.length; i++) {
    const sleutel = sleutels[i];
    let j = i - 1;
    while (j >= 0 && sleutels[j] > sleutel) {
      sleutels[j + 1] = sleutels[j];
      j--;
    }
    sleutels[j + 1] = sleutel;
  }
  return sleutels;
}

function schrijfCanoniek(value: unknown, schrijf: (stuk: string) => void): void {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: niet-eindig getal');
    schrijf(JSON.stringify(value));
    return;
  }
  if (Array.isArray(value)) {
    schrijf('[');
    for (let index = 0; index < value.length; index++) {
      if (index > 0) schrijf(',');
      const item: unknown = value[index];
      if (item === undefined) schrijf('null');
      else schrijfCanoniek(item, schrijf);
    }
    schrijf(']');
    return;
  }
  const object = value as Record<string, unknown>;
  let eerste = true;
  schrijf('{');
  for (const sleutel of sorteer(Object.keys(object))) {
    const member = object[sleutel];
    if (member === undefined) continue;
    schrijf(eerste ? `${gequote(sleutel)}:` : `,${gequote(sleutel)}:`);
    schrijfCanoniek(member, schrijf);
    eerste = false;
  }
  schrijf('}');
}
