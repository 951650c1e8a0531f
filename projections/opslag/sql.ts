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
  /** The PostgreSQL type of the column's values: text, integer, bigint, numeric, boolean, date, uuid, jsonb. */
  type: string;
}

/** Rows per statement: keeps every parameter well under what one statement should carry. */
const UPSERT_CHUNK_ROWS = 5000;

/**
 * Inserts rows, replacing those with the same key: one statement per chunk, the chunk as one JSON
 * parameter (an array of rows, each an array of values in column order), so a batch of thousands of
 * rows costs a handful of round trips. One `JSON.stringify` of the chunk is far cheaper on the Node
 * side than an array parameter per column, which the driver escapes element by element (a third of the
 * rebuild's JavaScript time went there). Amounts travel as strings and are cast by PostgreSQL, so they
 * stay exact; a `jsonb` column takes the value itself (an object), not a serialised string.
 */
export async function upsert(sql: Sql, schema: string, tabel: string, kolommen: readonly Kolom[], sleutel: readonly string[], rijen: readonly unknown[][]): Promise<void> {
  if (rijen.length === 0) return;
  const namen = kolommen.map((kolom) => kolom.naam).join(', ');
  const waarden = kolommen.map((kolom, index) => (kolom.type === 'jsonb' ? `r -> ${index}` : `(r ->> ${index})::${kolom.type}`)).join(', ');
  const bij = kolommen.filter((kolom) => !sleutel.includes(kolom.naam));
  const conflict = bij.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${bij.map((kolom) => `${kolom.naam} = EXCLUDED.${kolom.naam}`).join(', ')}`;
  const statement = `INSERT INTO ${schemaNaam(schema)}.${tabel} (${namen}) SELECT ${waarden} FROM jsonb_array_elements($1::jsonb) AS rij (r) ON CONFLICT (${sleutel.join(', ')}) ${conflict}`;
  for (let start = 0; start < rijen.length; start += UPSERT_CHUNK_ROWS) {
    await sql.query(statement, [JSON.stringify(rijen.slice(start, start + UPSERT_CHUNK_ROWS))]);
  }
}
