import { type CanActivate, type ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { LedgerSettings } from '../config/ledger-settings';
import type { AuthenticatedRequest } from '../auth/auth.guard';

/** A token bucket per bearer token: `capaciteit` requests at once, refilled continuously per minute. */
export class TokenBuckets {
  private readonly emmers = new Map<string, { tokens: number; bijgewerktMs: number }>();

  constructor(
    private readonly perMinuut: number,
    /** Buckets kept at most; the oldest go first (a full bucket carries no state worth keeping). */
    private readonly maxEmmers = 100_000,
  ) {}

  /** Takes one request from the bucket of `sleutel`; the seconds to wait when it is empty, else 0. */
  neem(sleutel: string, nuMs: number): number {
    const vol = this.perMinuut;
    const emmer = this.emmers.get(sleutel) ?? { tokens: vol, bijgewerktMs: nuMs };
    emmer.tokens = Math.min(vol, emmer.tokens + ((nuMs - emmer.bijgewerktMs) * vol) / 60_000);
    emmer.bijgewerktMs = nuMs;
    this.emmers.delete(sleutel);
    this.emmers.set(sleutel, emmer);
    while (this.emmers.size > this.maxEmmers) this.emmers.delete(this.emmers.keys().next().value as string);
    if (emmer.tokens >= 1) {
      emmer.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - emmer.tokens) * 60) / vol);
  }
}

/**
 * Per-token rate limit (runs after the AuthGuard, so only authenticated requests count, keyed by a
 * hash of the token itself). In memory per instance: behind a load balancer each instance limits on
 * its own. Answers 429 problem+json with Retry-After.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly emmers: TokenBuckets;

  constructor(settings: LedgerSettings) {
    this.emmers = new TokenBuckets(settings.config.rateLimitPerMinuut);
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!request.principal || !header) return true;
    const sleutel = createHash('sha256').update(header).digest('base64url');
    const wachtSeconden = this.emmers.neem(sleutel, Date.now());
    if (wachtSeconden === 0) return true;
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(wachtSeconden));
    // The problem filter turns a 429 into the Dutch problem answer (VERZOEK.TE_VEEL).
    throw new HttpException('te veel verzoeken', HttpStatus.TOO_MANY_REQUESTS);
  }
}
