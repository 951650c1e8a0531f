import jwt from 'jsonwebtoken';
import { signToken, TokenError, TokenVerifier } from './tokens';

const SECRET = 'spec-secret-0123456789abcdef';
const claims = { sub: 'auditor-1', rollen: ['auditor' as const], gemeenten: ['GM0193'] };

/** The expiry the token carries, in ms, read without verifying (the test controls the clock). */
const vervalMs = (token: string) => ((jwt.decode(token) as jwt.JwtPayload).exp as number) * 1000;

describe('TokenVerifier', () => {
  it('given a token verified once, when it is used again before its exp, then the same claims come back', () => {
    // given
    const verifier = new TokenVerifier(SECRET);
    const token = signToken(SECRET, claims, 60);
    const eerste = verifier.verify(token, Date.now());

    // when
    const tweede = verifier.verify(token, vervalMs(token) - 1);

    // then
    expect(tweede).toEqual({ subject: 'auditor-1', rollen: ['auditor'], gemeenten: ['GM0193'] });
    expect(tweede).toBe(eerste);
  });

  it('given a token verified once, when it is used at or after its exp, then it is refused as expired, as jsonwebtoken would', () => {
    // given
    const verifier = new TokenVerifier(SECRET);
    const token = signToken(SECRET, claims, 60);
    verifier.verify(token, Date.now());

    // when / then
    expect(() => verifier.verify(token, vervalMs(token))).toThrow(new TokenError('het token is verlopen'));
    expect(() => verifier.verify(token, vervalMs(token) + 1000)).toThrow(TokenError);
  });

  it('given a token verified once, when its signature or its claims are changed, then the changed token is verified in full and refused', () => {
    // given
    const verifier = new TokenVerifier(SECRET);
    const token = signToken(SECRET, claims, 60);
    verifier.verify(token, Date.now());
    const [kop, inhoud, handtekening] = token.split('.');
    const andereInhoud = Buffer.from(JSON.stringify({ ...(jwt.decode(token) as object), gemeenten: ['*'] })).toString('base64url');

    // when / then
    expect(() => verifier.verify(`${kop}.${inhoud}.${handtekening.slice(0, -2)}AA`, Date.now())).toThrow(TokenError);
    expect(() => verifier.verify(`${kop}.${andereInhoud}.${handtekening}`, Date.now())).toThrow(TokenError);
  });

  it('given a token signed with another secret, when it is verified, then it is refused every time (a failure is not remembered as a success)', () => {
    const verifier = new TokenVerifier(SECRET);
    const vreemd = signToken('een-ander-geheim-0123456789', claims, 60);

    expect(() => verifier.verify(vreemd, Date.now())).toThrow(TokenError);
    expect(() => verifier.verify(vreemd, Date.now())).toThrow(TokenError);
  });

  it('given claims handed out for a remembered token, when a caller tries to change them, then the next request still sees the signed claims', () => {
    // given
    const verifier = new TokenVerifier(SECRET);
    const token = signToken(SECRET, claims, 60);
    const principal = verifier.verify(token, Date.now());

    // when
    expect(() => (principal.gemeenten as string[]).push('GM0344')).toThrow(TypeError);
    expect(() => principal.rollen.push('beheerder')).toThrow(TypeError);

    // then
    expect(verifier.verify(token, Date.now())).toEqual({ subject: 'auditor-1', rollen: ['auditor'], gemeenten: ['GM0193'] });
  });
});
