/**
 * The little SQL the read models need, shared by their projectors. Both a TypeORM DataSource and a
 * QueryRunner (inside a transaction) fit `Sql`.
 */
export interface Sql {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/** The live read models; a rebuild fills `HERBOUW_SCHEMA` and swaps it in (projections/herbouw.ts). */
export const LEESMODEL_SCHEMA = 'leesmodel';
export const HERBOUW_SCHEMA = 'leesmodel_herbouw';

const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** Schema names are spliced into SQL, so only plain lowercase identifiers pass. */
export function schemaNaam(schema: string): string {
  if (!SCHEMA_PATTERN.test(schema)) throw new Error(`ongeldige schemanaam: ${JSON.stringify(schema)}`);
  return schema;
}

export interface Kolom {
  naam: string;
  /** The PostgreSQL type of the column's values: text, integer, bigint, numeric, boolean, date, uuid, jsonb, or an array type (given as its literal, `{1,2}`). */
  type: string;
}

/** Rows per statement: keeps every parameter well under what one statement should carry. */
const UPSERT_CHUNK_ROWS = 5000;

/** Rows for one table, inserted or replaced on `sleutel` (the read models only grow: nothing is deleted). */
export interface TabelRijen {
  tabel: string;
  kolommen: readonly Kolom[];
  sleutel: readonly string[];
  rijen: readonly unknown[][];
}

/** One statement of a write: its text and its single JSON parameter. */
export interface Schrijfstap {
  text: string;
  json: string;
}

/**
 * The statements that write the rows of several tables (inserted or replaced on their key), built
 * without running them (`voerUit` runs them): the runner builds them before its transaction, so the
 * rows are garbage before the first round trip (projections/runner.ts).
 *
 * One statement per chunk, each table's part a data-modifying CTE over one JSON parameter. So a batch
 * that touches eleven tables costs one round trip, not eleven: under load a round trip took 1–4 ms, and
 * at one batch per small gemeente the round trips were a quarter of the rebuild's time. The JSON holds,
 * per table, an array of rows, each an array of values in column order: one `JSON.stringify` is far
 * cheaper on the Node side than an array parameter per column, which the driver escapes element by
 * element. Amounts travel as strings and are cast by PostgreSQL, so they stay exact; a `jsonb` column
 * takes the value itself. The parts must not touch the same row twice (they run on one snapshot).
 * Chunks of at most UPSERT_CHUNK_ROWS rows per table; a statement carries the next chunk of every table
 * that has rows left.
 */
export function schrijfstappen(schema: string, tabellen: readonly TabelRijen[]): Schrijfstap[] {
  const s = schemaNaam(schema);
  const meeste = Math.max(0, ...tabellen.map((deel) => deel.rijen.length));
  const stappen: Schrijfstap[] = [];
  // Bounded: one statement per chunk of the largest table.
  for (let start = 0; start < meeste; start += UPSERT_CHUNK_ROWS) {
    const delen = tabellen.filter((deel) => deel.rijen.length > start);
    const ctes = delen.map((deel, index) => `d${index} AS (${deelStatement(s, deel, `invoer.j -> ${index}`)})`);
    stappen.push({
      text: `WITH invoer AS (SELECT $1::jsonb AS j), ${ctes.join(', ')} SELECT 1`,
      json: JSON.stringify(delen.map((deel) => deel.rijen.slice(start, start + UPSERT_CHUNK_ROWS))),
    });
  }
  return stappen;
}

/** Runs the statements of `schrijfstappen` in order, on a connection or inside a transaction. */
export async function voerUit(sql: Sql, stappen: readonly Schrijfstap[]): Promise<void> {
  for (const stap of stappen) await sql.query(stap.text, [stap.json]);
}

function deelStatement(schema: string, deel: TabelRijen, json: string): string {
  const waarde = (kolom: Kolom, index: number) => (kolom.type === 'jsonb' ? `r -> ${index}` : `(r ->> ${index})::${kolom.type}`);
  const bron = `invoer, jsonb_array_elements(${json}) AS rij (r)`;
  const namen = deel.kolommen.map((kolom) => kolom.naam).join(', ');
  const bij = deel.kolommen.filter((kolom) => !deel.sleutel.includes(kolom.naam));
  const conflict = bij.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${bij.map((kolom) => `${kolom.naam} = EXCLUDED.${kolom.naam}`).join(', ')}`;
  return `INSERT INTO ${schema}.${deel.tabel} (${namen}) SELECT ${deel.kolommen.map(waarde).join(', ')} FROM ${bron} ON CONFLICT (${deel.sleutel.join(', ')}) ${conflict}`;
}
