import { CliFout } from './api-client';
import { EXPORT_HULP, exportCommando } from './export';
import { HERBOUW_HULP, herbouwCommando } from './herbouw';
import { IMPORT_HULP, importCommando } from './import';
import { TOKEN_HULP, tokenCommando } from './token';
import { VERIFICATIE_HULP, verificatieCommando } from './verificatie';

/**
 * `npm run cli -- <opdracht> …` (or `begroot <opdracht>` once installed): token and herbouw work on the
 * same modules in-process; import, export and verificatie call the running service's API (BEGROOT_URL,
 * BEGROOT_TOKEN), so they go through the very code, checks and audit trail every client does.
 */
const OPDRACHTEN: Record<string, { hulp: string; voerUit: (argv: string[]) => Promise<void> | void }> = {
  token: { hulp: TOKEN_HULP, voerUit: tokenCommando },
  import: { hulp: IMPORT_HULP, voerUit: importCommando },
  export: { hulp: EXPORT_HULP, voerUit: exportCommando },
  verificatie: { hulp: VERIFICATIE_HULP, voerUit: verificatieCommando },
  herbouw: { hulp: HERBOUW_HULP, voerUit: () => herbouwCommando() },
};

const HULP = `Begroot op de opdrachtregel. Voor import, export en verificatie: BEGROOT_URL (standaard http://localhost:3000/api/v1)
en BEGROOT_TOKEN (of --url en --token).

${Object.values(OPDRACHTEN)
  .map((opdracht) => opdracht.hulp)
  .join('\n\n')}
`;

export async function voerOpdrachtUit(argv: string[]): Promise<void> {
  const [naam, ...rest] = argv;
  if (naam === undefined || naam === 'help' || naam === '--help' || naam === '-h') {
    process.stdout.write(HULP);
    return;
  }
  const opdracht = OPDRACHTEN[naam];
  if (!opdracht) throw new CliFout(`onbekende opdracht "${naam}"; kies uit ${Object.keys(OPDRACHTEN).join(', ')} (begroot help)`, 2);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${opdracht.hulp}\n`);
    return;
  }
  await opdracht.voerUit(rest);
}

/** Exit code for an error: 2 for wrong use of the command line, 1 for everything else. */
export function exitCodeVan(error: unknown): 1 | 2 {
  if (error instanceof CliFout) return error.exitCode;
  return (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
}
