import { evaluateAccess, personRefNeeded, type AccessRule } from './scope';
import { RateLimiter } from './rate-limit';

describe('evaluateAccess', () => {
  const listing: AccessRule = { roles: ['resident', 'guidance', 'county'], scope: { ownPerson: 'personRef' }, purpose: 'care-guidance' };
  const providerRoute: AccessRule = { roles: ['provider', 'county'], scope: { ownProvider: 'providerId' } };

  it('lets a resident in only for their own personRef', () => {
    expect(evaluateAccess(listing, { roles: ['resident'], personRef: 'p-1' }, { personRef: 'p-1' })).toEqual({
      allowed: true,
      role: 'resident',
    });
    const other = evaluateAccess(listing, { roles: ['resident'], personRef: 'p-1' }, { personRef: 'p-2' });
    expect(other).toMatchObject({ allowed: false, code: 'FORBIDDEN_SCOPE', details: { scopes: ['resident:ownPerson'] } });
    // The refusal names the rule, never the personRefs.
    expect(JSON.stringify(other)).not.toContain('p-1');
    expect(evaluateAccess(listing, { roles: ['resident'] }, { personRef: 'p-1' })).toMatchObject({
      allowed: false,
      code: 'FORBIDDEN_SCOPE',
    });
  });

  it('lets staff roles in by their role under ownPerson', () => {
    expect(evaluateAccess(listing, { roles: ['guidance'], organisation: 'pirkanmaa' }, { personRef: 'p-2' })).toEqual({
      allowed: true,
      role: 'guidance',
    });
  });

  it('refuses a role the rule does not name', () => {
    expect(evaluateAccess(listing, { roles: ['finance'] }, { personRef: 'p-1' })).toMatchObject({
      allowed: false,
      code: 'FORBIDDEN_ROLE',
      details: { roles: ['finance'], allowed: ['resident', 'guidance', 'county'] },
    });
    expect(evaluateAccess(listing, { roles: [] }, {})).toMatchObject({ allowed: false, code: 'FORBIDDEN_ROLE' });
  });

  it('holds a provider account to its providerId, and a missing claim or parameter to nothing', () => {
    expect(evaluateAccess(providerRoute, { roles: ['provider'], providerId: 'mehilainen' }, { providerId: 'mehilainen' })).toEqual({
      allowed: true,
      role: 'provider',
    });
    expect(evaluateAccess(providerRoute, { roles: ['provider'], providerId: 'mehilainen' }, { providerId: 'terveystalo' })).toMatchObject({
      allowed: false,
      code: 'FORBIDDEN_SCOPE',
    });
    expect(evaluateAccess(providerRoute, { roles: ['provider'] }, { providerId: 'mehilainen' })).toMatchObject({
      allowed: false,
      code: 'FORBIDDEN_SCOPE',
    });
    expect(evaluateAccess(providerRoute, { roles: ['provider'], providerId: 'mehilainen' }, {})).toMatchObject({
      allowed: false,
      code: 'FORBIDDEN_SCOPE',
    });
    expect(evaluateAccess(providerRoute, { roles: ['provider'], providerId: 'mehilainen' }, { providerId: ['mehilainen'] })).toMatchObject({
      allowed: false,
      code: 'FORBIDDEN_SCOPE',
    });
    expect(evaluateAccess(providerRoute, { roles: ['county'] }, { providerId: 'terveystalo' })).toEqual({ allowed: true, role: 'county' });
  });

  it('holds municipality accounts and staff organisations to their own', () => {
    const rule: AccessRule = { roles: ['municipality', 'county'], scope: { ownMunicipality: 'code', ownOrganisation: 'county' } };
    expect(evaluateAccess(rule, { roles: ['municipality'], municipality: '837' }, { code: '837', county: 'x' })).toEqual({
      allowed: true,
      role: 'municipality',
    });
    expect(evaluateAccess(rule, { roles: ['municipality'], municipality: '837' }, { code: '091' })).toMatchObject({
      code: 'FORBIDDEN_SCOPE',
    });
    expect(evaluateAccess(rule, { roles: ['county'], organisation: 'pirkanmaa' }, { county: 'pirkanmaa' })).toEqual({
      allowed: true,
      role: 'county',
    });
    expect(evaluateAccess(rule, { roles: ['county'], organisation: 'pirkanmaa' }, { county: 'uusimaa' })).toMatchObject({
      code: 'FORBIDDEN_SCOPE',
      details: { scopes: ['county:ownOrganisation'] },
    });
  });

  it('lets a user with several roles in as the first role of the rule whose scope holds', () => {
    const subject = { roles: ['resident', 'guidance'] as const, personRef: 'p-1' };
    expect(evaluateAccess(listing, subject, { personRef: 'p-9' })).toEqual({ allowed: true, role: 'guidance' });
    expect(evaluateAccess(listing, subject, { personRef: 'p-1' })).toEqual({ allowed: true, role: 'resident' });
    expect(evaluateAccess({ roles: ['finance', 'county'] }, { roles: ['county', 'finance'] }, {})).toEqual({
      allowed: true,
      role: 'finance',
    });
  });

  it('says when the resident personRef is needed', () => {
    expect(personRefNeeded(listing, ['resident'])).toBe(true);
    expect(personRefNeeded(listing, ['guidance'])).toBe(false);
    expect(personRefNeeded(providerRoute, ['resident'])).toBe(false);
  });
});

describe('RateLimiter', () => {
  it('counts per subject per minute and per day, and says when to retry', () => {
    const limiter = new RateLimiter({ lookup: { perMinute: 2, perDay: 3 } });
    const t0 = Date.UTC(2026, 10, 23, 10, 0, 10);
    expect(limiter.take('lookup', 'a', t0)).toEqual({ allowed: true });
    expect(limiter.take('lookup', 'a', t0)).toEqual({ allowed: true });
    expect(limiter.take('lookup', 'a', t0)).toEqual({ allowed: false, retryAfterSeconds: 50, limit: 'per-minute' });
    expect(limiter.take('lookup', 'b', t0)).toEqual({ allowed: true });
    expect(limiter.take('lookup', 'a', t0 + 50_000)).toEqual({ allowed: true });
    expect(limiter.take('lookup', 'a', t0 + 120_000)).toMatchObject({
      allowed: false,
      limit: 'per-day',
      retryAfterSeconds: 14 * 3600 - 130,
    });
    expect(() => limiter.take('other', 'a', t0)).toThrow(/no such limit/);
  });
});
