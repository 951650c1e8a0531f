import { randomBytes } from 'node:crypto';

/** Random bytes after the 6-byte time: 74 random bits once the version and variant bits are set. */
const RANDOM_BYTES = 10;
/** The largest time a UUID version 7 holds: 48 bits of milliseconds (the year 10889). */
const MAX_UNIX_MS = 2 ** 48 - 1;

/**
 * An event id: a UUID version 7 (RFC 9562, section 5.7), the Unix time in milliseconds followed by
 * random bits.
 *
 * Why not version 4: event ids are kept unique by a B-tree index (`events_event_id_uq`). Random ids land
 * on a random leaf page each, so once the index outgrows memory every append reads a page, and after every
 * checkpoint the first change of each of its pages writes the whole page to the WAL (bench/append-wal.mjs:
 * ≈ 570 bytes of full-page images per append at 20,000 events, growing with the index). Ids that grow with
 * time are appended at the index's right edge, like positions. The time in an id says nothing the event's
 * recordedAt does not already say; ids remain unguessable (74 random bits) and unique without coordination.
 */
export function newEventId(unixMs: number, random: Uint8Array = randomBytes(RANDOM_BYTES)): string {
  if (!Number.isInteger(unixMs) || unixMs < 0 || unixMs > MAX_UNIX_MS) throw new RangeError(`tijd buiten het bereik van een UUID versie 7: ${unixMs}`);
  if (random.length < RANDOM_BYTES) throw new RangeError(`een UUID versie 7 vraagt ${RANDOM_BYTES} willekeurige bytes`);
  const bytes = new Uint8Array(16);
  // 48-bit big-endian milliseconds, split because JavaScript's bit operators stop at 32 bits.
  const hoog = Math.floor(unixMs / 2 ** 32);
  const laag = unixMs % 2 ** 32;
  bytes[0] = (hoog >>> 8) & 0xff;
  bytes[1] = hoog & 0xff;
  bytes[2] = (laag >>> 24) & 0xff;
  bytes[3] = (laag >>> 16) & 0xff;
  bytes[4] = (laag >>> 8) & 0xff;
  bytes[5] = laag & 0xff;
  bytes.set(random.subarray(0, RANDOM_BYTES), 6);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
