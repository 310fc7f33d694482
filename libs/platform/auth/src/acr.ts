import { AuthError } from './errors';
import type { Principal } from './principal';

/** eIDAS levels of assurance, in order. Suomi.fi e-Identification signs residents in at substantial or high. */
export type AssuranceLevel = 'low' | 'substantial' | 'high';
const ORDER: Record<AssuranceLevel, number> = { low: 1, substantial: 2, high: 3 };

// The short names are what the realm and the development issuer put in `acr`; the URIs are the
// eIDAS and Finnish Trust Network forms a broker may pass through unchanged.
const PREFIXES = [
  '',
  'http://eidas.europa.eu/LoA/',
  'https://eidas.europa.eu/LoA/',
  'http://ftn.fi/authentication/',
  'https://ftn.fi/authentication/',
];

/** The level an `acr` value stands for, or undefined when it is none we know (Keycloak's '0'/'1' included). */
export function assuranceLevelOf(acr: string | undefined): AssuranceLevel | undefined {
  if (!acr) return undefined;
  for (const prefix of PREFIXES) {
    if (!acr.startsWith(prefix)) continue;
    const rest = acr.slice(prefix.length);
    if (rest === 'low' || rest === 'substantial' || rest === 'high') return rest;
  }
  return undefined;
}

/**
 * Refuses a resident's token signed in below `minimum` (401 INSUFFICIENT_ASSURANCE, the step-up
 * answer of RFC 9470): a resident acting on their own data must have signed in strongly enough.
 * Principals without the resident role pass: staff and service accounts are held to the
 * organisation's own sign-in policy, not to a resident's level of assurance.
 */
export function requireAcr(principal: Principal, minimum: AssuranceLevel): void {
  if (!principal.roles.includes('resident')) return;
  const level = assuranceLevelOf(principal.acr);
  if (level !== undefined && ORDER[level] >= ORDER[minimum]) return;
  throw new AuthError('INSUFFICIENT_ASSURANCE', `this action needs a sign-in at level of assurance ${minimum} or higher`, {
    required: minimum,
    actual: level ?? null,
  });
}
