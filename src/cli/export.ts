import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { CliFout, verbindingUit, vraag } from './api-client';

export const EXPORT_HULP = `begroot export --gemeente GM0193 --rapport <rapport> [--formaat xlsx|csv] [--uit <pad>|-]
       [--jaar 2022] [--doel 2.3.1] [--reserve RES-…] [--krediet KR-…] [--peildatum JJJJ-MM-DD] [--bekendOp …] [--positie N]
  rapporten: verschillenanalyse, overzicht-baten-en-lasten (--jaar), doeloverzicht (--jaar --doel),
             reservestaat (--reserve --jaar), historie (--doel --jaar | --reserve | --krediet)
  Zonder --uit komt het bestand in de huidige map onder de naam die de service geeft; --uit - schrijft naar stdout.`;

type Opties = Record<string, string | undefined>;

const eis = (opties: Opties, ...namen: string[]) => {
  const ontbreekt = namen.filter((naam) => !opties[naam]);
  if (ontbreekt.length > 0) throw new CliFout(`${opties.rapport} vraagt ${ontbreekt.map((naam) => `--${naam}`).join(' en ')}\n${EXPORT_HULP}`, 2);
  return namen.map((naam) => encodeURIComponent(opties[naam] as string));
};

/** The API path of a report (API.md); the exports are the reports' own endpoints with `formaat`. */
function padVan(opties: Opties): { pad: string; query: URLSearchParams } {
  const [gm] = eis(opties, 'gemeente');
  const query = new URLSearchParams();
  switch (opties.rapport) {
    case 'verschillenanalyse':
    case 'overzicht-baten-en-lasten': {
      const [jaar] = eis(opties, 'jaar');
      return { pad: `/gemeenten/${gm}/begrotingen/${jaar}/${opties.rapport}`, query };
    }
    case 'doeloverzicht': {
      const [jaar, doel] = eis(opties, 'jaar', 'doel');
      return { pad: `/gemeenten/${gm}/begrotingen/${jaar}/doelen/${doel}/overzicht`, query };
    }
    case 'reservestaat': {
      const [reserve] = eis(opties, 'reserve', 'jaar');
      query.set('jaar', opties.jaar as string);
      return { pad: `/gemeenten/${gm}/reserves/${reserve}/staat`, query };
    }
    case 'historie': {
      if (opties.reserve) return { pad: `/gemeenten/${gm}/reserves/${encodeURIComponent(opties.reserve)}/historie`, query };
      if (opties.krediet) return { pad: `/gemeenten/${gm}/kredieten/${encodeURIComponent(opties.krediet)}/historie`, query };
      const [jaar, doel] = eis(opties, 'jaar', 'doel');
      return { pad: `/gemeenten/${gm}/begrotingen/${jaar}/doelen/${doel}/historie`, query };
    }
    default:
      throw new CliFout(`onbekend rapport ${opties.rapport ?? '(geen)'}\n${EXPORT_HULP}`, 2);
  }
}

/** `begroot export`: downloads a report as XLSX or CSV from the service. */
export async function exportCommando(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(
      ['gemeente', 'rapport', 'formaat', 'uit', 'jaar', 'doel', 'reserve', 'krediet', 'peildatum', 'bekendOp', 'positie', 'url', 'token'].map((naam) => [naam, { type: 'string' as const }]),
    ),
  });
  const opties = values as Opties;
  const verbinding = verbindingUit(opties);
  const { pad, query } = padVan(opties);
  query.set('formaat', opties.formaat ?? 'xlsx');
  for (const naam of ['peildatum', 'bekendOp', 'positie']) if (opties[naam] !== undefined) query.set(naam, opties[naam] as string);

  const antwoord = await vraag(verbinding, `${pad}?${query.toString()}`);
  const naam = /filename="([^"]+)"/.exec(antwoord.headers.get('content-disposition') ?? '')?.[1] ?? `export.${query.get('formaat')}`;
  const uit = opties.uit ?? naam;
  if (!antwoord.body) throw new CliFout('de service gaf een leeg antwoord');
  const bron = Readable.fromWeb(antwoord.body as import('node:stream/web').ReadableStream<Uint8Array>);
  if (uit === '-') {
    await pipeline(bron, process.stdout);
    return;
  }
  await pipeline(bron, createWriteStream(uit));
  process.stderr.write(`${opties.rapport} geschreven naar ${uit}\n`);
}
