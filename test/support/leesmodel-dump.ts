import type { DataSource } from 'typeorm';

/**
 * Every row the read models hold for one gemeente, per table, in key order: what "the read models are
 * equal" means in a test. The checkpoint's timestamp and the failure log are bookkeeping, not content.
 */
export async function dumpLeesmodel(dataSource: DataSource, gemeente: string): Promise<Record<string, unknown[]>> {
  const tabellen = (await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'leesmodel' AND table_name <> 'storingen' ORDER BY table_name`,
  )) as { table_name: string }[];
  const dump: Record<string, unknown[]> = {};
  for (const { table_name: tabel } of tabellen) {
    if (tabel === 'historie_posities') {
      // How a subject's positions are cut into rows follows the batches that wrote them (a rebuild's are
      // larger than the live runner's); the content is one (subject, positie) per history item.
      dump[tabel] = await dataSource.query(
        `SELECT h.gemeente, h.onderwerp, p.positie FROM leesmodel.historie_posities h, unnest(h.posities) AS p (positie) WHERE h.gemeente = $1 ORDER BY 2, 3`,
        [gemeente],
      );
      continue;
    }
    const kolommen = ((await dataSource.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'leesmodel' AND table_name = $1 AND column_name <> 'bijgewerkt_op' ORDER BY ordinal_position`,
      [tabel],
    )) as { column_name: string }[]).map((kolom) => `"${kolom.column_name}"`);
    dump[tabel] = await dataSource.query(`SELECT ${kolommen.join(', ')} FROM leesmodel."${tabel}" WHERE gemeente = $1 ORDER BY ${kolommen.map((_, i) => i + 1).join(', ')}`, [gemeente]);
  }
  return dump;
}
