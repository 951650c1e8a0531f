import type { LedgerConfig } from './config';

/** The resolved settings the running service uses (config plus what start-up decided, e.g. the dev secret). */
export class LedgerSettings {
  constructor(
    readonly config: LedgerConfig,
    readonly jwtSecret: string,
  ) {}
}
