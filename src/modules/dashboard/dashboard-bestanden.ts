import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

/** A static file of the dashboard, read once at start-up. */
export interface DashboardBestand {
  inhoud: Buffer;
  mediaType: string;
  etag: string;
}

const MEDIA_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Only these names are ever served: no path separators, no dots in front, so nothing outside the folder. */
export const BESTANDSNAAM = /^[a-z0-9][a-z0-9-]{0,63}\.(html|js|css|svg)$/;
/** The folder holds a handful of files; a bound keeps a misplaced directory from being slurped into memory. */
const MAX_BESTANDEN = 50;
const MAX_OMHOOG = 6;

/**
 * The folder `dashboard/` at the project root. The code runs from `src/` (tests) and from `dist/src/`
 * (`npm start`), so the root is found by walking up to the first folder with a package.json that has
 * a `dashboard/` beside it, rather than by a fixed number of `..`.
 */
export function dashboardMap(vanaf = __dirname): string {
  let map = vanaf;
  for (let stap = 0; stap < MAX_OMHOOG; stap += 1) {
    if (existsSync(join(map, 'package.json')) && existsSync(join(map, 'dashboard', 'index.html'))) return join(map, 'dashboard');
    map = dirname(map);
  }
  throw new Error(`dashboard/index.html niet gevonden boven ${vanaf}`);
}

/**
 * Reads every servable file of the dashboard into memory once: a few tens of kilobytes, so each
 * request is a map lookup, and the set of answerable names is fixed at start-up.
 */
export function leesDashboard(map = dashboardMap()): ReadonlyMap<string, DashboardBestand> {
  const namen = readdirSync(map).filter((naam) => BESTANDSNAAM.test(naam)).sort();
  if (namen.length > MAX_BESTANDEN) throw new Error(`dashboard/ bevat ${namen.length} bestanden; meer dan ${MAX_BESTANDEN} is niet bedoeld`);
  const bestanden = new Map<string, DashboardBestand>();
  for (const naam of namen) {
    const inhoud = readFileSync(join(map, naam));
    bestanden.set(naam, {
      inhoud,
      mediaType: MEDIA_TYPES[extname(naam)],
      etag: `"${createHash('sha256').update(inhoud).digest('base64url').slice(0, 27)}"`,
    });
  }
  return bestanden;
}
