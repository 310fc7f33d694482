import type { Role } from '../http/actor';

/**
 * Which path parameter each scope rule reads; a key left out is no rule. Each rule binds the role
 * whose accounts are scoped by it, and only that role:
 * * `ownPerson`: a `resident` only for their own personRef (the parameter); staff pass by their role;
 * * `ownProvider`: a `provider` account only for its providerId claim;
 * * `ownMunicipality`: a `municipality` account only for its municipality code claim;
 * * `ownOrganisation`: a staff user (every role but resident, provider and municipality) only for
 *   their organisation claim.
 * Roles a declared rule does not bind pass by their role alone.
 */
export interface ScopeRule {
  ownPerson?: string;
  ownProvider?: string;
  ownMunicipality?: string;
  ownOrganisation?: string;
}

/**
 * Why person data is processed, recorded in the access log with every access (client-data act
 * 703/2023 §11: a resident may learn who processed their data and on what basis).
 */
export type AccessPurpose =
  | 'care-guidance'
  | 'listing-administration'
  | 'billing'
  | 'audit'
  | 'own-data'
  | 'registry-maintenance'
  | 'client-planning'
  /** A municipality's own duties for its residents (the municipalities' feed and its replay). */
  | 'municipal-duties';

export interface AccessRule {
  /** Any of these roles may call the route. */
  roles: readonly Role[];
  scope?: ScopeRule;
  /** Set on every route that reads or writes a person's data: its accesses go to the access log. */
  purpose?: AccessPurpose;
  /**
   * The handler records the allowed outcome itself (AccessLog.recordOutcome), once it knows what
   * it let through (a client plan's sections); the guard still records every refusal.
   */
  recordedByHandler?: boolean;
}

/** What the rule is evaluated against: the verified principal's roles and claims. */
export interface AccessSubject {
  roles: readonly Role[];
  /** Resolved only when a resident may be let in (see personRefNeeded). */
  personRef?: string | undefined;
  providerId?: string | undefined;
  municipality?: string | undefined;
  organisation?: string | undefined;
}

export type AccessDecision =
  | { allowed: true; role: Role }
  | { allowed: false; code: 'FORBIDDEN_ROLE' | 'FORBIDDEN_SCOPE'; message: string; details: Record<string, unknown> };

/** The claim and parameter a role is held to under a scope rule, or undefined when it passes by role. */
function bindingOf(
  scope: ScopeRule | undefined,
  role: Role,
): { rule: keyof ScopeRule; claim: keyof AccessSubject; param: string } | undefined {
  if (!scope) return undefined;
  if (role === 'resident') return scope.ownPerson ? { rule: 'ownPerson', claim: 'personRef', param: scope.ownPerson } : undefined;
  if (role === 'provider') return scope.ownProvider ? { rule: 'ownProvider', claim: 'providerId', param: scope.ownProvider } : undefined;
  if (role === 'municipality')
    return scope.ownMunicipality ? { rule: 'ownMunicipality', claim: 'municipality', param: scope.ownMunicipality } : undefined;
  if (role === 'system') return undefined;
  return scope.ownOrganisation ? { rule: 'ownOrganisation', claim: 'organisation', param: scope.ownOrganisation } : undefined;
}

/** The rule's roles the subject holds, in the rule's order: the roles it may be let in as. */
export const candidateRoles = (rule: AccessRule, roles: readonly Role[]): Role[] => rule.roles.filter((r) => roles.includes(r));

/** Whether evaluating the rule for these roles needs the resident's personRef resolved first. */
export const personRefNeeded = (rule: AccessRule, roles: readonly Role[]): boolean => candidateRoles(rule, roles).includes('resident');

/**
 * Decides a route's rule for a subject and the request's path parameters, without I/O: the
 * first of the rule's roles the subject holds whose scope holds too lets them in as that role.
 * None of the roles → FORBIDDEN_ROLE; the roles but never the scope → FORBIDDEN_SCOPE. A claim
 * or parameter that is missing never matches (a provider account without a providerId is scoped
 * to nothing).
 */
export function evaluateAccess(
  rule: AccessRule,
  subject: AccessSubject,
  params: Readonly<Record<string, string | string[] | undefined>>,
): AccessDecision {
  const candidates = candidateRoles(rule, subject.roles);
  if (candidates.length === 0) {
    return {
      allowed: false,
      code: 'FORBIDDEN_ROLE',
      message: `this action needs the role ${rule.roles.join(' or ')}`,
      details: { roles: [...subject.roles], allowed: [...rule.roles] },
    };
  }
  const failed: string[] = [];
  for (const role of candidates) {
    const binding = bindingOf(rule.scope, role);
    if (!binding) return { allowed: true, role };
    const own = subject[binding.claim];
    const asked = params[binding.param];
    if (typeof own === 'string' && own !== '' && typeof asked === 'string' && own === asked) return { allowed: true, role };
    failed.push(`${role}:${binding.rule}`);
  }
  // Names the rule and parameter, never the values: a resident's personRef is theirs to know.
  return { allowed: false, code: 'FORBIDDEN_SCOPE', message: 'this action is allowed only on your own data', details: { scopes: failed } };
}

/** The path parameter naming the person a route concerns: its ownPerson parameter, else `personRef`. */
export function personParamOf(rule: AccessRule): string {
  return rule.scope?.ownPerson ?? 'personRef';
}
