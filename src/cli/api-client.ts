/**
 * The command line's way into a running service: the same HTTP API, with the same token, roles,
 * validation and audit trail as any client. Import, export and verificatie therefore have exactly
 * one implementation, the service's.
 */
export interface Verbinding {
  /** Base URL of the API, e.g. http://localhost:3000/api/v1. */
  url: string;
  token: string;
}

export class CliFout extends Error {
  constructor(
    message: string,
    /** 1: the service said no or is unreachable; 2: the command line was used wrongly. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export const STANDAARD_URL = 'http://localhost:3000/api/v1';

export function verbindingUit(opties: { url?: string; token?: string }, env: NodeJS.ProcessEnv = process.env): Verbinding {
  const url = (opties.url ?? env.BEGROOT_URL ?? STANDAARD_URL).replace(/\/+$/, '');
  const token = opties.token ?? env.BEGROOT_TOKEN;
  if (!token) throw new CliFout('geef een token met --token of BEGROOT_TOKEN (maak er een met: npm run cli -- token --rol … --gemeente …)', 2);
  return { url, token };
}

/** Calls the API; a problem answer becomes a CliFout with its Dutch detail and field errors. */
export async function vraag(verbinding: Verbinding, pad: string, init: RequestInit & { duplex?: 'half' } = {}): Promise<Response> {
  let antwoord: Response;
  try {
    antwoord = await fetch(`${verbinding.url}${pad}`, { ...init, headers: { Authorization: `Bearer ${verbinding.token}`, ...(init.headers ?? {}) } });
  } catch (error) {
    const oorzaak = (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.message : String(error));
    throw new CliFout(`de service op ${verbinding.url} is niet bereikbaar (${oorzaak}); draait hij (npm start)?`);
  }
  if (antwoord.ok) return antwoord;
  const tekst = await antwoord.text();
  let melding = tekst;
  try {
    const probleem = JSON.parse(tekst) as { detail?: string; fouten?: { veld: string; melding: string }[] };
    melding = [probleem.detail, ...(probleem.fouten ?? []).slice(0, 10).map((fout) => `  ${fout.veld}: ${fout.melding}`)].filter(Boolean).join('\n');
  } catch {
    // Not problem+json: show the text as it came.
  }
  throw new CliFout(`${antwoord.status} ${antwoord.statusText}: ${melding}`);
}
