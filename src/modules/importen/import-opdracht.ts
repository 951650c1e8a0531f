import Big from 'big.js';
import { DomainError, ongeldig, type VeldFout } from '../../domain/shared/domain-error';
import { type ImportRegel, plaats } from '../../exchange/import-regels';
import { MAX_REGELS } from '../../http/dto-rules';
import { formatBedrag } from '../../shared/money';

/**
 * Turns the rows of an import into the JSON body of the matching command (API.md: "an import is one
 * command"), and remembers which field path came from which spreadsheet row, so that any refusal of
 * the command (validation or a domain rule) can name the row and the column.
 */
export type ImportSoort = 'vaststelling' | 'wijziging' | 'realisatie';
export const IMPORT_SOORTEN: readonly ImportSoort[] = ['vaststelling', 'wijziging', 'realisatie'];

/**
 * Rows per import. A begroting or a wijziging has as many lines as a JSON command may (one per doel
 * and column); a realisatie is a year's journal from the financial system, booked in parts
 * (REALISATIE_REGELS_PER_EVENT) that are appended together.
 */
export const MAX_IMPORT_REGELS: Record<ImportSoort, number> = { vaststelling: MAX_REGELS, wijziging: MAX_REGELS, realisatie: 200_000 };

/** Field path prefix (`regels[3]`) → spreadsheet row. */
export interface Herkomst {
  get(pad: string): number | undefined;
}

export interface ImportOpdracht {
  body: Record<string, unknown>;
  herkomst: Herkomst;
}

/**
 * The rows of a list field (`regels[i]` came from row `rijen[i]`), computed rather than stored per path,
 * and holding only the row numbers: an import may have 200,000 rows, which need not stay alive.
 */
function lijstHerkomst(prefix: string, regels: readonly ImportRegel[]): Herkomst {
  const rijen = Int32Array.from(regels, (regel) => regel.rij);
  return {
    get(pad) {
      const index = pad.startsWith(prefix) ? /^\[(\d+)\]$/.exec(pad.slice(prefix.length))?.[1] : undefined;
      const positie = index === undefined ? -1 : Number.parseInt(index, 10);
      return positie >= 0 && positie < rijen.length ? rijen[positie] : undefined;
    },
  };
}

/** The command's other fields, from the query string (API.md: "in query or form fields"). */
export type ImportVelden = Record<string, string | undefined>;

const besluitUit = (velden: ImportVelden, metKenmerk: boolean) => ({
  datum: velden.besluitDatum,
  orgaan: velden.besluitOrgaan,
  ...(metKenmerk && velden.kenmerk !== undefined ? { kenmerk: velden.kenmerk } : {}),
});

/** "true"/"false" become booleans; anything else stays text, so validation refuses it by name. */
const waarheid = (tekst: string | undefined) => (tekst === 'true' ? true : tekst === 'false' ? false : tekst);

export function importOpdracht(soort: ImportSoort, regels: readonly ImportRegel[], velden: ImportVelden): ImportOpdracht {
  switch (soort) {
    case 'realisatie':
      return {
        body: { datum: velden.datum, ...(velden.kenmerk !== undefined ? { kenmerk: velden.kenmerk } : {}), regels: regels.map(({ doel, kolom, bedrag }) => ({ doel, kolom, bedrag })) },
        herkomst: lijstHerkomst('regels', regels),
      };
    case 'wijziging':
      return {
        body: {
          kenmerk: velden.kenmerk,
          besluit: besluitUit(velden, false),
          onderdelen: [
            {
              titel: velden.titel,
              budgettairNeutraal: waarheid(velden.budgettairNeutraal),
              aard: velden.aard,
              ...(velden.toelichting !== undefined ? { toelichting: velden.toelichting } : {}),
              regels: regels.map(({ doel, kolom, bedrag, reserve }) => ({ doel, kolom, bedrag, ...(reserve !== undefined ? { reserve } : {}) })),
            },
          ],
        },
        herkomst: lijstHerkomst('onderdelen[0].regels', regels),
      };
    case 'vaststelling':
      return vaststelling(regels, velden);
  }
}

/** One line per doel: its lasten and baten rows add up; its reserve rows become reserve entries. */
function vaststelling(regels: readonly ImportRegel[], velden: ImportVelden): ImportOpdracht {
  const herkomst = new Map<string, number>();
  interface Lijn {
    doel: string;
    lasten: Big;
    baten: Big;
    toevoegingReserves: { reserve?: string; bedrag: string }[];
    onttrekkingReserves: { reserve?: string; bedrag: string }[];
  }
  const lijnen: Lijn[] = [];
  const fouten: VeldFout[] = [];
  for (const regel of regels) {
    let index = lijnen.findIndex((lijn) => lijn.doel === regel.doel);
    if (index < 0) {
      index = lijnen.push({ doel: regel.doel, lasten: new Big(0), baten: new Big(0), toevoegingReserves: [], onttrekkingReserves: [] }) - 1;
      herkomst.set(`regels[${index}]`, regel.rij);
    }
    const lijn = lijnen[index];
    if (regel.kolom === 'lasten' || regel.kolom === 'baten') {
      herkomst.set(`regels[${index}].${regel.kolom}`, regel.rij);
      lijn[regel.kolom] = lijn[regel.kolom].plus(regel.bedrag);
    } else if (regel.kolom === 'toevoegingReserves' || regel.kolom === 'onttrekkingReserves') {
      herkomst.set(`regels[${index}].${regel.kolom}[${lijn[regel.kolom].length}]`, regel.rij);
      lijn[regel.kolom].push({ ...(regel.reserve !== undefined ? { reserve: regel.reserve } : {}), bedrag: regel.bedrag });
    } else {
      fouten.push({ veld: plaats(regel.rij, 'kolom'), melding: `"${regel.kolom}" is geen kolom; kies lasten, baten, toevoegingReserves of onttrekkingReserves` });
    }
  }
  if (fouten.length > 0) throw ongeldig('IMPORT.REGEL_ONGELDIG', `De import is niet uitgevoerd; er is niets vastgelegd. De eerste fout: ${fouten[0].veld}: ${fouten[0].melding}.`, fouten);
  return {
    body: {
      besluit: besluitUit(velden, true),
      regels: lijnen.map((lijn) => ({ ...lijn, lasten: formatBedrag(lijn.lasten), baten: formatBedrag(lijn.baten) })),
    },
    herkomst,
  };
}

/** A refusal of the command, its field paths replaced by the spreadsheet rows and columns they came from. */
export function metRijen(error: unknown, herkomst: Herkomst): unknown {
  if (!(error instanceof DomainError) || error.fouten.length === 0) return error;
  const fouten = error.fouten.map((fout) => {
    const prefix = langsteHerkomst(fout.veld, herkomst);
    if (prefix === undefined) return fout;
    const kolom = /(doel|kolom|bedrag|reserve)$/.exec(fout.veld)?.[1] ?? (/(lasten|baten|Reserves\[\d+\])$/.test(fout.veld) ? 'bedrag' : 'doel');
    return { veld: plaats(herkomst.get(prefix) as number, kolom), melding: fout.melding };
  });
  const eerste = fouten.find((fout) => fout.veld.startsWith('rij '));
  if (!eerste) return error;
  return new DomainError(error.code, error.kind, `${error.detail} (${eerste.veld})`, fouten);
}

/** The longest known prefix of a field path (`regels[3].bedrag` → `regels[3]`), found by stripping its last segment. */
function langsteHerkomst(veld: string, herkomst: Herkomst): string | undefined {
  for (let pad: string | undefined = veld; pad; pad = /^(.+?)(\.[^.[\]]+|\[\d+\])$/.exec(pad)?.[1]) {
    if (herkomst.get(pad) !== undefined) return pad;
  }
  return undefined;
}
