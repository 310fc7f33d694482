import { Hetu } from '@luotsi/kernel';
import { requireAcr } from './acr';
import { API_AUDIENCE, DEMO_DIRECTORY, demoSubject, WEB_CLIENT } from './demo-users';
import { createTokenVerifier } from './token-verifier';

// Against the real Keycloak of infra/keycloak (bash infra/keycloak/start.sh), e.g.
// LUOTSI_TEST_KEYCLOAK_URL=http://127.0.0.1:8180. The realm is always 'luotsi'.
const baseUrl = process.env['LUOTSI_TEST_KEYCLOAK_URL'];
const maybe = baseUrl ? describe : describe.skip;
const suffix = baseUrl ? '' : ' [skipped: LUOTSI_TEST_KEYCLOAK_URL not set]';

maybe(`tokens from the real Keycloak realm luotsi${suffix}`, () => {
  const issuer = `${(baseUrl ?? '').replace(/\/$/, '')}/realms/luotsi`;
  const verifier = createTokenVerifier({ issuer, audience: API_AUDIENCE });
  const resident = DEMO_DIRECTORY.users.find((u) => u.username === 'matti.resident')!;
  const provider = DEMO_DIRECTORY.serviceAccounts.find((a) => a.clientId === 'provider-mehilainen')!;

  async function token(form: Record<string, string>): Promise<string> {
    const res = await fetch(`${issuer}/protocol/openid-connect/token`, { method: 'POST', body: new URLSearchParams(form) });
    const body = (await res.json()) as { access_token?: string; error?: string };
    if (!res.ok || !body.access_token) throw new Error(`token endpoint: ${res.status} ${JSON.stringify(body)}`);
    return body.access_token;
  }
  const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

  it('a demo resident (direct grant through luotsi-web) verifies with roles, hetu, acr and aud luotsi-api', async () => {
    const jwt = await token({
      grant_type: 'password',
      client_id: WEB_CLIENT.clientId,
      username: resident.username,
      password: DEMO_DIRECTORY.password,
      scope: 'openid',
    });
    expect(claimsOf(jwt)['aud']).toBe(API_AUDIENCE);
    const p = await verifier.verify(`Bearer ${jwt}`);
    expect(p).toMatchObject({
      subject: demoSubject(resident.username),
      roles: ['resident'],
      acr: 'high',
      username: resident.username,
      clientId: 'luotsi-web',
    });
    expect(p.identityCode).toBe(resident.attributes.hetu);
    expect(Hetu.isValid(p.identityCode!)).toBe(true);
    expect(() => requireAcr(p, 'high')).not.toThrow();
  });

  it('provider-mehilainen (client credentials) verifies with role provider and providerId mehilainen', async () => {
    const jwt = await token({ grant_type: 'client_credentials', client_id: provider.clientId, client_secret: provider.secret });
    expect(claimsOf(jwt)['aud']).toBe(API_AUDIENCE);
    const p = await verifier.verify(`Bearer ${jwt}`);
    expect(p).toMatchObject({ roles: ['provider'], providerId: 'mehilainen', clientId: 'provider-mehilainen' });
    expect(p.identityCode).toBeUndefined();
  });

  it('a staff user carries an organisation and no identity code; municipality-837 its code', async () => {
    const staff = await verifier.verify(
      await token({ grant_type: 'password', client_id: WEB_CLIENT.clientId, username: 'eeva.finance', password: DEMO_DIRECTORY.password }),
    );
    expect(staff).toMatchObject({ roles: ['finance'], organisation: 'pirkanmaa', username: 'eeva.finance' });
    expect(staff.identityCode).toBeUndefined();
    const muni = DEMO_DIRECTORY.serviceAccounts.find((a) => a.clientId === 'municipality-837')!;
    const m = await verifier.verify(
      await token({ grant_type: 'client_credentials', client_id: muni.clientId, client_secret: muni.secret }),
    );
    expect(m).toMatchObject({ roles: ['municipality'], municipality: '837' });
  });

  it('refuses a wrong password and a wrong client secret', async () => {
    await expect(
      token({ grant_type: 'password', client_id: WEB_CLIENT.clientId, username: resident.username, password: 'wrong' }),
    ).rejects.toThrow(/401/);
    await expect(token({ grant_type: 'client_credentials', client_id: provider.clientId, client_secret: 'wrong' })).rejects.toThrow(/401/);
  });
});

if (!baseUrl) {
  // A visible line in the test report, not just a silently skipped block.
  it.skip(`tokens from the real Keycloak${suffix}`, () => undefined);
}
