import { readFileSync } from 'node:fs';
import { Hetu } from '@luotsi/kernel';
import { DEMO_DIRECTORY, demoSubject } from '../demo-users';
import { LUOTSI_ROLES } from '../principal';
import { buildLuotsiRealm } from './luotsi-realm';
import { REALM_FILE } from './realm-file';

type Realm = {
  roles: { realm: { name: string }[] };
  clients: {
    clientId: string;
    publicClient: boolean;
    attributes?: Record<string, string>;
    protocolMappers: { protocolMapper: string; config: Record<string, string> }[];
  }[];
  users: { username: string; id: string; attributes?: Record<string, string[]>; realmRoles: string[] }[];
  identityProviders: { alias: string; providerId: string; enabled: boolean }[];
};
const realm = JSON.parse(readFileSync(REALM_FILE, 'utf8')) as Realm;

describe('infra/keycloak/realm/luotsi-realm.json', () => {
  it('is what buildLuotsiRealm makes of demo-users.json (run sync-realm.ts after changing either)', () => {
    expect(realm).toEqual(buildLuotsiRealm(DEMO_DIRECTORY));
  });

  it('defines exactly the Luotsi roles and a demo user for every one, two for finance (four eyes)', () => {
    expect(realm.roles.realm.map((r) => r.name).sort()).toEqual([...LUOTSI_ROLES].sort());
    for (const role of LUOTSI_ROLES) expect(DEMO_DIRECTORY.users.some((u) => u.roles.includes(role))).toBe(true);
    expect(DEMO_DIRECTORY.users.filter((u) => u.roles.includes('finance'))).toHaveLength(2);
  });

  it('gives residents a valid identity code and a level of assurance, staff an organisation', () => {
    const residents = DEMO_DIRECTORY.users.filter((u) => u.roles.includes('resident'));
    expect(residents.length).toBeGreaterThanOrEqual(2);
    for (const r of residents) {
      expect(Hetu.isValid(r.attributes.hetu!)).toBe(true);
      // Temporary-code range, so no demo code is a real person's.
      expect(Hetu.parse(r.attributes.hetu!).temporary).toBe(true);
      expect(['substantial', 'high']).toContain(r.attributes.loa);
    }
    for (const u of DEMO_DIRECTORY.users.filter((x) => !x.roles.includes('resident'))) {
      expect(u.attributes.organisation).toBeTruthy();
      expect(u.attributes.hetu).toBeUndefined();
    }
  });

  it('fixes Keycloak user ids to the subjects the development issuer uses', () => {
    for (const u of realm.users) expect(u.id).toBe(demoSubject(u.username));
  });

  it('requires PKCE S256 on the public web client and adds the API audience on every client', () => {
    const web = realm.clients.find((c) => c.clientId === 'luotsi-web')!;
    expect(web).toMatchObject({ publicClient: true, attributes: expect.objectContaining({ 'pkce.code.challenge.method': 'S256' }) });
    for (const c of realm.clients) {
      expect(c.protocolMappers).toContainEqual(
        expect.objectContaining({
          protocolMapper: 'oidc-audience-mapper',
          config: expect.objectContaining({ 'included.custom.audience': 'luotsi-api' }),
        }),
      );
    }
    const provider = realm.clients.find((c) => c.clientId === 'provider-mehilainen')!;
    expect(provider.protocolMappers).toContainEqual(
      expect.objectContaining({
        protocolMapper: 'oidc-hardcoded-claim-mapper',
        config: expect.objectContaining({ 'claim.name': 'providerId', 'claim.value': 'mehilainen' }),
      }),
    );
  });

  it('carries the Suomi.fi SAML broker, disabled', () => {
    expect(realm.identityProviders).toEqual([expect.objectContaining({ alias: 'suomifi', providerId: 'saml', enabled: false })]);
  });
});
