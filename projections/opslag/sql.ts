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
  /** The PostgreSQL element type of the unnest array: text, integer, bigint, numeric, boolean, date, uuid, jsonb. */
  type: string;
}

/** Rows per statement: keeps every parameter array well under what one statement should carry. */
const UPSERT_CHUNK_ROWS = 5000;

/**
 * Inserts rows, replacing those with the same key: one statement per chunk, one array parameter per
 * column (`unnest`), so a batch of thousands of rows costs a handful of round trips.
 */
export async function upsert(sql: Sql, schema: string, tabel: string, kolommen: readonly Kolom[], sleutel: readonly string[], rijen: readonly unknown[][]): Promise<void> {
  if (rijen.length === 0) return;
  const namen = kolommen.map((kolom) => kolom.naam).join(', ');
  const arrays = kolommen.map((kolom, index) => `$${index + 1}::${kolom.type}[]`).join(', ');
  const bij = kolommen.filter((kolom) => !sleutel.includes(kolom.naam));
  const conflict = bij.length === 0 ? 'DO NOTHING' : `DO UPDATE SET ${bij.map((kolom) => `${kolom.naam} = EXCLUDED.${kolom.naam}`).join(', ')}`;
  const statement = `INSERT INTO ${schemaNaam(schema)}.${tabel} (${namen}) SELECT * FROM unnest(${arrays}) ON CONFLICT (${sleutel.join(', ')}) ${conflict}`;
  for (let start = 0; start < rijen.length; start += UPSERT_CHUNK_ROWS) {
    const chunk = rijen.slice(start, start + UPSERT_CHUNK_ROWS);
    const kolomWaarden = kolommen.map((_, index) => chunk.map((rij) => rij[index]));
    await sql.query(statement, kolomWaarden);
  }
}
