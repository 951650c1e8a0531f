import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { GEMEENTE_CODE_PATTERN } from '../domain/shared/begrippen';
import { type Principal, ROLLEN, type Rol } from './principal';

/** Why a token was refused; the HTTP edge answers 401 with this (Dutch) reason. */
export class TokenError extends Error {}

const ALGORITHM = 'HS256' as const;

export function signToken(secret: string, claims: { sub: string; rollen: Rol[]; gemeenten: string[] }, ttlSeconds = 8 * 3600): string {
  return jwt.sign({ rollen: claims.rollen, gemeenten: claims.gemeenten }, secret, {
    algorithm: ALGORITHM,
    subject: claims.sub,
    expiresIn: ttlSeconds,
  });
}

/**
 * The secret as a KeyObject, made once: given a string, jsonwebtoken first tries it as a public key
 * (an exception thrown and caught on every request, ~0.5 ms) before treating it as the HMAC secret.
 */
const sleutels = new Map<string, KeyObject>();
function sleutelVan(secret: string): KeyObject {
  let sleutel = sleutels.get(secret);
  if (!sleutel) {
    if (sleutels.size > 16) sleutels.clear();
    sleutels.set(secret, (sleutel = createSecretKey(Buffer.from(secret, 'utf8'))));
  }
  return sleutel;
}

/** Verifies an HS256 token (only HS256: `alg: none` and key-confusion tricks are refused) and reads its claims. */
export function verifyToken(secret: string, token: string): Principal {
  return verifyTokenMetVerval(secret, token).principal;
}

/** As verifyToken, with the token's `exp` in seconds since the epoch (undefined: it does not expire). */
function verifyTokenMetVerval(secret: string, token: string): { principal: Principal; expSeconden: number | undefined } {
  let payload: jwt.JwtPayload;
  try {
    const decoded = jwt.verify(token, sleutelVan(secret), { algorithms: [ALGORITHM] });
    if (typeof decoded === 'string') throw new TokenError('het token bevat geen claims');
    payload = decoded;
  } catch (error) {
    if (error instanceof TokenError) throw error;
    if (error instanceof jwt.TokenExpiredError) throw new TokenError('het token is verlopen');
    throw new TokenError('het token is ongeldig (handtekening of opbouw klopt niet)');
  }
  const subject = payload.sub;
  if (typeof subject !== 'string' || subject.length === 0) throw new TokenError('het token mist de claim "sub"');
  const rollen = payload.rollen;
  if (!Array.isArray(rollen) || rollen.length === 0 || !rollen.every((rol) => (ROLLEN as readonly unknown[]).includes(rol))) {
    throw new TokenError(`de claim "rollen" moet een lijst zijn met ${ROLLEN.join(', ')}`);
  }
  const gemeenten = payload.gemeenten;
  if (!Array.isArray(gemeenten) || gemeenten.length === 0) throw new TokenError('de claim "gemeenten" moet een niet-lege lijst zijn');
  const expSeconden = typeof payload.exp === 'number' ? payload.exp : undefined;
  if (gemeenten.includes('*')) return { principal: { subject, rollen: rollen as Rol[], gemeenten: '*' }, expSeconden };
  if (!gemeenten.every((code) => typeof code === 'string' && GEMEENTE_CODE_PATTERN.test(code))) {
    throw new TokenError('de claim "gemeenten" bevat een ongeldige CBS-code (verwacht GM gevolgd door vier cijfers)');
  }
  return { principal: { subject, rollen: rollen as Rol[], gemeenten: gemeenten as string[] }, expSeconden };
}

/** Tokens a TokenVerifier remembers; a dashboard or a batch of clients reuses a handful, so this is ample. */
export const ONTHOUDEN_TOKENS = 1024;

/**
 * Verifies tokens for one secret and remembers the ones that passed. A report answered from memory
 * spent ~9 % of its CPU re-verifying the same token (HMAC, base64 and JSON parsing in jsonwebtoken);
 * a verified token string stays valid for its secret until its `exp`, the only check that depends on
 * time, so a remembered token is checked against its `exp` on every use. A token that failed is not
 * remembered (it costs the caller the full check every time), and any change to a token, its
 * signature included, is another string and so is verified in full.
 */
export class TokenVerifier {
  private readonly geverifieerd = new Map<string, { principal: Principal; expSeconden: number | undefined }>();

  constructor(
    private readonly secret: string,
    private readonly maxTokens = ONTHOUDEN_TOKENS,
  ) {}

  verify(token: string, nuMs: number): Principal {
    const bekend = this.geverifieerd.get(token);
    if (bekend) {
      // The same comparison jsonwebtoken makes (whole seconds, expired at `exp` itself).
      if (bekend.expSeconden !== undefined && Math.floor(nuMs / 1000) >= bekend.expSeconden) throw new TokenError('het token is verlopen');
      return bekend.principal;
    }
    const uitkomst = verifyTokenMetVerval(this.secret, token);
    // Shared by every request with this token: frozen, so no request can change what the next one sees.
    const principal = Object.freeze({ ...uitkomst.principal, rollen: Object.freeze([...uitkomst.principal.rollen]) as Rol[] });
    if (principal.gemeenten !== '*') Object.freeze(principal.gemeenten);
    if (this.geverifieerd.size >= this.maxTokens) this.geverifieerd.delete(this.geverifieerd.keys().next().value as string);
    this.geverifieerd.set(token, { principal, expSeconden: uitkomst.expSeconden });
    return principal;
  }
}
