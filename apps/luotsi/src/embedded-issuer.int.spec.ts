import { Module, type DynamicModule } from '@nestjs/common';
import request from 'supertest';
import { PERSON_REGISTRY_DEPS, PersonRegistry, openPersonRegistry } from '@luotsi/identity';
import { DEV_ISSUER_PATH, embeddedIssuer, PlatformModule, RUNTIME_DEFAULTS, type RuntimeConfig } from '@luotsi/runtime';
import { startTestApp, type TestApp } from '@luotsi/runtime/testing';

@Module({})
class Bare {
  static forRoot(config: RuntimeConfig): DynamicModule {
    // The identity context's registry: it supplies the edge's resident directory.
    return {
      module: Bare,
      imports: [PlatformModule.forRoot(config)],
      providers: [{ provide: PersonRegistry, inject: PERSON_REGISTRY_DEPS, useFactory: openPersonRegistry }],
    };
  }
}

const base = { ...RUNTIME_DEFAULTS, service: 'luotsi', port: 3999 } as unknown as RuntimeConfig;
const memory = { LUOTSI_DATA_DIR: 'memory' };

describe('the embedded development issuer', () => {
  let t: TestApp;
  let startInfo: Record<string, string>;

  beforeAll(async () => {
    const issuer = await embeddedIssuer(base, memory);
    startInfo = issuer.startInfo;
    t = await startTestApp({ service: 'luotsi', title: 'l', description: 'l', module: Bare.forRoot, consumes: [] }, 'pglite', {
      config: { oidc: issuer.config.oidc },
      beforeInit: issuer.mount,
    });
    await t.app.get(PersonRegistry).resolve('131052-902Y', true);
  }, 60_000);
  afterAll(async () => t?.close());

  it('runs under the app at a stable URL, and the start-up line says where to sign in', () => {
    expect(startInfo['issuer']).toBe(`http://127.0.0.1:3999${DEV_ISSUER_PATH}`);
    expect(startInfo['signIn']).toBe(`http://127.0.0.1:3999${DEV_ISSUER_PATH}/protocol/openid-connect/auth`);
    expect(startInfo['devIssuer']).toMatch(/development issuer at .*demo users only/);
  });

  it("signs a demo resident in by the README's curl flow, and the API accepts the token", async () => {
    const discovery = await request(t.server).get(`${DEV_ISSUER_PATH}/.well-known/openid-configuration`).expect(200);
    expect(discovery.body.issuer).toBe(startInfo['issuer']);
    const token = await request(t.server)
      .post(`${DEV_ISSUER_PATH}/protocol/openid-connect/token`)
      .type('form')
      .send({ grant_type: 'password', client_id: 'luotsi-web', username: 'liisa.resident', password: 'luotsi-demo' })
      .expect(200);
    const mine = await request(t.server).get('/me/access-log').set('Authorization', `Bearer ${token.body.access_token}`).expect(200);
    expect(mine.body).toMatchObject({ personRef: expect.any(String), entries: [] });
    expect((await request(t.server).get('/me/access-log').set('Authorization', 'Bearer x.y.z').expect(401)).body.code).toBe(
      'TOKEN_INVALID',
    );
  });

  it('sends the code flow back to the web app on its own address (any PORT), and nowhere else', async () => {
    const auth = `${DEV_ISSUER_PATH}/protocol/openid-connect/auth`;
    const ask = (redirectUri: string) => ({
      response_type: 'code',
      client_id: 'luotsi-web',
      redirect_uri: redirectUri,
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
      state: 's',
    });
    const page = await request(t.server).get(auth).query(ask('http://127.0.0.1:3999/signed-in')).expect(200);
    expect(page.text).toContain('liisa.resident');
    const back = await request(t.server)
      .post(auth)
      .type('form')
      .send({ ...ask('http://127.0.0.1:3999/signed-in'), username: 'liisa.resident' })
      .expect(302);
    expect(back.headers['location']).toMatch(/^http:\/\/127\.0\.0\.1:3999\/signed-in\?code=[\w-]+&state=s&iss=/);
    await request(t.server).get(auth).query(ask('http://127.0.0.1:4000/signed-in')).expect(400);
    await request(t.server).get(auth).query(ask('http://evil.example/signed-in')).expect(400);
  });

  it('is not started when OIDC_ISSUER is set or in production, and says so', async () => {
    const keycloak = await embeddedIssuer({ ...base, oidc: { ...base.oidc, issuer: 'http://127.0.0.1:8180/realms/luotsi' } }, memory);
    expect(keycloak.config.oidc.issuer).toBe('http://127.0.0.1:8180/realms/luotsi');
    expect(keycloak.startInfo['devIssuer']).toMatch(/not started: OIDC_ISSUER is set/);
    const production = await embeddedIssuer({ ...base, nodeEnv: 'production' }, memory);
    expect(production.config.oidc.issuer).toBeUndefined();
    expect(production.startInfo['devIssuer']).toMatch(/not started: NODE_ENV is production/);
  });
});
