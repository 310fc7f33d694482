import { startAllInOneProcess, type RunningProcess } from '@luotsi/testing';
import { demoIdentityCode, userToken, type AuthHeaders } from './sign-in.testing';

const station = (stationId: string, name: string) => ({
  stationId,
  name,
  streetAddress: 'Lindforsinkatu 2',
  postalCode: '33720',
  municipalityCode: '837',
  languages: ['fi', 'sv'],
  services: ['primary-care-reception'],
  openingHours: 'Mon–Fri 8–16',
  accessibility: 'step-free',
});

/**
 * The README's commands on `npm start`: the all-in-one app started as that script starts it (its own
 * process, embedded: PGlite in memory, in-process bus, no OIDC_ISSUER so the development issuer runs
 * under it), the county setting up through a token from the issuer's token endpoint, and a demo
 * resident signing in by the browser-less flow (password grant, client luotsi-web) and switching.
 */
describe('npm start: sign in at the development issuer and switch', () => {
  const port = 45000 + Math.floor(Math.random() * 1000);
  const api = `http://127.0.0.1:${port}`;
  const issuer = `${api}/dev-issuer/realms/luotsi`;
  let app: RunningProcess | undefined;
  const call = async (
    method: string,
    path: string,
    auth: AuthHeaders | Record<string, never>,
    body?: unknown,
    type = 'application/json',
  ) => {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: { ...auth, ...(body === undefined ? {} : { 'Content-Type': type }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    app = startAllInOneProcess(port);
    await app.waitFor(/listening on http/, 90_000);
  }, 120_000);
  afterAll(async () => app?.kill(), 30_000);

  it('names the development issuer and its sign-in page in the start-up line', () => {
    expect(app!.output()).toContain(`sign in at ${issuer}/protocol/openid-connect/auth`);
    const discovery = fetch(`${issuer}/.well-known/openid-configuration`).then((r) => r.json());
    return expect(discovery).resolves.toMatchObject({ issuer, token_endpoint: `${issuer}/protocol/openid-connect/token` });
  });

  it('lets the county set up and import the demo resident, who signs in and switches', async () => {
    const county = await userToken(issuer, 'anna.county');
    expect(
      (
        await call('POST', '/providers', county, {
          providerId: 'tampere',
          businessId: '0211675-2',
          name: 'Tampereen kaupunki',
          kind: 'public',
          stations: [station('hervanta', 'Hervannan terveysasema')],
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call('POST', '/providers', county, {
          providerId: 'mehilainen',
          businessId: '1927400-1',
          name: 'Mehiläinen Oy',
          kind: 'private',
          stations: [station('mehilainen-hervanta', 'Mehiläinen Hervanta')],
        })
      ).status,
    ).toBe(201);
    for (const p of ['tampere', 'mehilainen'])
      expect((await call('POST', `/providers/${p}/approval`, county, { from: '2017-01-01' })).status).toBe(200);
    expect(
      (
        await call('PUT', '/choice-area', county, {
          postalCodes: [{ postalCode: '33710', defaultStationId: 'hervanta' }],
          switchPeriodMonths: 3,
        })
      ).status,
    ).toBe(200);
    const liisa = demoIdentityCode('liisa.resident');
    const imported = await call(
      'POST',
      '/population/import',
      county,
      JSON.stringify({
        type: 'resident-registered',
        identityCode: liisa,
        postalCode: '33710',
        municipalityCode: '837',
        date: '2018-01-01',
      }) + '\n',
      'application/x-ndjson',
    );
    expect(imported.status).toBe(200);

    // TOKEN=$(curl -s -d grant_type=password -d client_id=luotsi-web -d username=liisa.resident -d password=luotsi-demo $ISSUER/protocol/openid-connect/token | jq -r .access_token)
    const form = new URLSearchParams({
      grant_type: 'password',
      client_id: 'luotsi-web',
      username: 'liisa.resident',
      password: 'luotsi-demo',
    });
    const granted = await fetch(`${issuer}/protocol/openid-connect/token`, { method: 'POST', body: form });
    expect(granted.status).toBe(200);
    const resident = { Authorization: `Bearer ${((await granted.json()) as { access_token: string }).access_token}` };

    const mine = await call('GET', '/me/access-log', resident);
    expect(mine.status).toBe(200);
    const personRef = mine.body.personRef as string;
    expect(personRef).toMatch(/^per_/);
    const listing = await call('GET', `/residents/${personRef}/listing`, resident);
    expect(listing).toMatchObject({ status: 200, body: { current: { stationId: 'hervanta' } } });
    const switched = await call('POST', `/residents/${personRef}/switches`, resident, {
      stationId: 'mehilainen-hervanta',
      channel: 'portal',
      reason: 'good-location',
    });
    expect(switched).toMatchObject({
      status: 201,
      body: { personRef, stationId: 'mehilainen-hervanta', providerId: 'mehilainen', channel: 'portal' },
    });
    expect(JSON.stringify(switched.body)).not.toContain(liisa);
    expect((await call('GET', `/residents/${personRef}/listing`, resident)).body.upcoming).toMatchObject({
      stationId: 'mehilainen-hervanta',
      status: 'pending',
    });

    // The same endpoint without a token, or with a wrong password at the issuer, gets nobody in.
    expect(
      (await call('POST', `/residents/${personRef}/switches`, {}, { stationId: 'hervanta', channel: 'portal', reason: 'good-location' }))
        .body.code,
    ).toBe('TOKEN_MISSING');
    const wrong = await fetch(`${issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      body: new URLSearchParams({ ...Object.fromEntries(form), password: 'wrong' }),
    });
    expect(wrong.status).toBe(401);
  }, 120_000);
});
