// @ts-check
/**
 * The JSON API with the user's bearer token. The token lives in sessionStorage only: it is gone when
 * the tab closes, it is never put in a URL (where it would end up in history, logs and Referer
 * headers), and it is sent only in the Authorization header to this origin.
 */

const TOKEN_SLEUTEL = 'begroot.token';
const API = '/api/v1';
/** The API answers within 30 s or says 503 (README); the page waits a little longer, not for ever. */
const TIMEOUT_MS = 35_000;

export class ApiFout extends Error {
  /**
   * @param {number} status
   * @param {{detail?: string, title?: string, code?: string} | null} probleem
   */
  constructor(status, probleem) {
    super(probleem?.detail ?? `De server antwoordde met status ${status}.`);
    this.name = 'ApiFout';
    this.status = status;
    this.probleem = probleem;
  }
}

/** @returns {string | null} */
export function token() {
  return sessionStorage.getItem(TOKEN_SLEUTEL);
}

/** @param {string} waarde */
export function bewaarToken(waarde) {
  sessionStorage.setItem(TOKEN_SLEUTEL, waarde);
}

export function vergeetToken() {
  sessionStorage.removeItem(TOKEN_SLEUTEL);
}

/**
 * What the token says about its holder, read from its payload for display and the gemeente choice.
 * The server checks the signature; the page only needs to know whom to greet and when it expires.
 * @param {string} jwt
 * @returns {{sub: string, rollen: string[], gemeenten: string[], exp: number | null} | null}
 */
export function claimsVan(jwt) {
  const delen = jwt.split('.');
  if (delen.length !== 3) return null;
  try {
    const base64 = delen[1].replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(delen[1].length / 4) * 4, '=');
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(base64), (teken) => teken.charCodeAt(0))));
    if (typeof claims !== 'object' || claims === null) return null;
    return {
      sub: typeof claims.sub === 'string' ? claims.sub : 'onbekend',
      rollen: Array.isArray(claims.rollen) ? claims.rollen.map(String) : [],
      gemeenten: Array.isArray(claims.gemeenten) ? claims.gemeenten.map(String) : [],
      exp: typeof claims.exp === 'number' ? claims.exp : null,
    };
  } catch {
    return null;
  }
}

/**
 * GET a resource of the API. `parameters` without a value are left out.
 * @param {string} pad path below /api/v1, segments already encoded
 * @param {Record<string, string | number | undefined>} [parameters]
 * @param {AbortSignal} [signaal]
 * @returns {Promise<any>}
 */
export async function haal(pad, parameters = {}, signaal) {
  const bearer = token();
  if (!bearer) throw new ApiFout(401, { detail: 'U bent niet aangemeld.' });
  const url = new URL(`${API}${pad}`, window.location.origin);
  for (const [naam, waarde] of Object.entries(parameters)) {
    if (waarde !== undefined && waarde !== '') url.searchParams.set(naam, String(waarde));
  }
  const signalen = [AbortSignal.timeout(TIMEOUT_MS), ...(signaal ? [signaal] : [])];
  const antwoord = await fetch(url, {
    headers: { Authorization: `Bearer ${bearer}`, Accept: 'application/json' },
    cache: 'no-store',
    credentials: 'omit',
    signal: AbortSignal.any(signalen),
  });
  if (!antwoord.ok) {
    /** @type {any} */
    let probleem = null;
    try {
      probleem = await antwoord.json();
    } catch {
      // Not a problem document (a proxy's error page): the status says enough.
    }
    throw new ApiFout(antwoord.status, probleem);
  }
  return antwoord.json();
}

/** A path segment from a code out of the data (doel `2.3.1`, reserve `RES-HERSTEL`). */
export const segment = (waarde) => encodeURIComponent(String(waarde));
