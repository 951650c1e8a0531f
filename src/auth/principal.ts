import type { GemeenteCode } from '../domain/shared/begrippen';

export const ROLLEN = ['beheerder', 'controller', 'accountant', 'auditor'] as const;
export type Rol = (typeof ROLLEN)[number];

/** Who is asking, from a verified bearer token. */
export interface Principal {
  subject: string;
  rollen: Rol[];
  /** CBS codes, or `'*'` for every gemeente. */
  gemeenten: GemeenteCode[] | '*';
}

export function magGemeente(principal: Principal, gemeente: GemeenteCode): boolean {
  return principal.gemeenten === '*' || principal.gemeenten.includes(gemeente);
}

/** The role recorded on events: the first of the token's roles that is allowed to do the action. */
export function rolVoor(principal: Principal, toegestaan: readonly Rol[]): Rol | undefined {
  return principal.rollen.find((rol) => toegestaan.includes(rol));
}
