/** Time enters the ledger here, never inside the domain. Tests pass their own. */
export interface Clock {
  now(): Date;
}

export const CLOCK = Symbol('Clock');

export const systemClock: Clock = { now: () => new Date() };
