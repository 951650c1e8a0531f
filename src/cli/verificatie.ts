import { parseArgs } from 'node:util';
import { CliFout, verbindingUit, vraag } from './api-client';

export const VERIFICATIE_HULP = `begroot verificatie [--gemeente GM0193] [--totPositie N --verwachteHash <sha256>]
  Herberekent de hashketen in de service; exitcode 0 als de keten klopt, 1 als niet (de eerste fout wordt genoemd).`;

interface Uitslag {
  gemeente: string;
  geldig: boolean;
  aantalEvents: number;
  kopPositie: number;
  kopHash: string;
  eersteFout: null | { positie: number; reden: string };
}

/** `begroot verificatie`: an auditor's check of the hash chain, with the head to write down. */
export async function verificatieCommando(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(['gemeente', 'totPositie', 'verwachteHash', 'url', 'token'].map((naam) => [naam, { type: 'string' as const }])),
  });
  const verbinding = verbindingUit(values);
  const query = new URLSearchParams();
  for (const naam of ['gemeente', 'totPositie', 'verwachteHash'] as const) if (values[naam] !== undefined) query.set(naam, values[naam] as string);
  const antwoord = (await (await vraag(verbinding, `/verificatie?${query.toString()}`)).json()) as Uitslag | { gemeenten: Uitslag[]; geldig: boolean };
  const uitslagen = 'gemeenten' in antwoord ? antwoord.gemeenten : [antwoord];
  for (const uitslag of uitslagen) {
    process.stdout.write(
      uitslag.geldig
        ? `${uitslag.gemeente}: keten klopt; ${uitslag.aantalEvents} events, kop positie ${uitslag.kopPositie}, kopHash ${uitslag.kopHash}\n`
        : `${uitslag.gemeente}: KETEN GEBROKEN bij positie ${uitslag.eersteFout?.positie}: ${uitslag.eersteFout?.reden}\n`,
    );
  }
  if (!uitslagen.every((uitslag) => uitslag.geldig)) throw new CliFout('de verificatie vond een fout', 1);
}
