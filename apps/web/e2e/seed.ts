import { DEMO_DIRECTORY, WEB_CLIENT } from '@luotsi/auth';

/** Tokens from the app's issuer's token endpoint, as a client gets them (never signed by the test). */
export async function tokenOf(issuer: string, username: string): Promise<string> {
  const res = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'password', client_id: WEB_CLIENT.clientId, username, password: DEMO_DIRECTORY.password }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!res.ok || !body.access_token) throw new Error(`no token for ${username}: ${res.status}`);
  return body.access_token;
}

/** A service account's token (client credentials), as a provider's system gets it. */
export async function serviceToken(issuer: string, clientId: string): Promise<string> {
  const account = DEMO_DIRECTORY.serviceAccounts.find((a) => a.clientId === clientId);
  if (!account) throw new Error(`no service account ${clientId}`);
  const res = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: account.clientId, client_secret: account.secret }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!res.ok || !body.access_token) throw new Error(`no token for ${clientId}: ${res.status}`);
  return body.access_token;
}

export function identityCodeOf(username: string): string {
  const code = DEMO_DIRECTORY.users.find((u) => u.username === username)?.attributes.hetu;
  if (!code) throw new Error(`${username} has no identity code`);
  return code;
}

export async function call(api: string, token: string, method: string, path: string, body?: unknown, type = 'application/json') {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': type }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* CSV and other text stay text */
  }
  return { status: res.status, body: parsed as Record<string, unknown> & unknown };
}

const station = (stationId: string, name: string, extra: Partial<Record<string, unknown>>) => ({
  stationId,
  name,
  streetAddress: 'Insinöörinkatu 23',
  postalCode: '33720',
  municipalityCode: '837',
  languages: ['fi'],
  services: ['primary-care-reception'],
  openingHours: 'Mon–Fri 8–16',
  accessibility: 'step-free entrance',
  ...extra,
});

/**
 * The county's set-up of a small pilot through the API: two providers with three stations, the
 * choice area, the two demo residents, and finance's rates, so each role has something to do.
 */
export async function seedPilot(api: string, issuer: string): Promise<void> {
  const county = await tokenOf(issuer, 'anna.county');
  const expect = async (p: Promise<{ status: number; body: unknown }>, ok: number[]) => {
    const r = await p;
    if (!ok.includes(r.status)) throw new Error(`seed: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  };
  await expect(
    call(api, county, 'POST', '/providers', {
      providerId: 'tampere',
      businessId: '0211675-2',
      name: 'Tampereen kaupunki',
      kind: 'public',
      stations: [
        station('hervanta', 'Hervannan terveysasema', { languages: ['fi', 'sv'] }),
        station('kaleva', 'Kalevan terveysasema', { services: ['primary-care-reception', 'physiotherapy'], openingHours: 'Mon–Sat 8–18' }),
      ],
    }),
    [201],
  );
  await expect(
    call(api, county, 'POST', '/providers', {
      providerId: 'mehilainen',
      businessId: '1927400-1',
      name: 'Mehiläinen Oy',
      kind: 'private',
      stations: [
        station('mehilainen-hervanta', 'Mehiläinen Hervanta', {
          languages: ['fi', 'en'],
          services: ['primary-care-reception', 'mental-health-and-substance-work'],
          accessibility: 'step-free entrance, induction loop',
        }),
      ],
    }),
    [201],
  );
  for (const p of ['tampere', 'mehilainen'])
    await expect(call(api, county, 'POST', `/providers/${p}/approval`, { from: '2017-01-01' }), [200]);
  await expect(
    call(api, county, 'PUT', '/choice-area', {
      postalCodes: [
        { postalCode: '33710', defaultStationId: 'hervanta' },
        { postalCode: '33720', defaultStationId: 'hervanta' },
      ],
      switchPeriodMonths: 3,
    }),
    [200],
  );
  const lines = ['liisa.resident', 'matti.resident']
    .map((u) =>
      JSON.stringify({
        type: 'resident-registered',
        identityCode: identityCodeOf(u),
        postalCode: '33710',
        municipalityCode: '837',
        date: '2018-01-01',
      }),
    )
    .join('\n');
  await expect(call(api, county, 'POST', '/population/import', lines + '\n', 'application/x-ndjson'), [200]);
  const finance = await tokenOf(issuer, 'eeva.finance');
  await expect(
    call(api, finance, 'PUT', '/rates/capitation', {
      validFrom: '2026-01-01',
      annualCentsByAgeBand: { '0-6': 60_000, '7-17': 36_000, '18-64': 30_000, '65-74': 48_000, '75-84': 72_000, '85+': 96_000 },
    }),
    [200],
  );
  await expect(
    call(api, finance, 'PUT', '/rates/service-fees', {
      validFrom: '2026-01-01',
      centsByServiceType: {
        'doctor-visit': 4_500,
        'nurse-visit': 2_500,
        'physiotherapy-session': 3_500,
        'mental-health-substance-visit': 4_000,
        'social-guidance-meeting': 3_000,
      },
    }),
    [200],
  );
  await expect(
    call(api, finance, 'PUT', '/rates/client-fees', {
      validFrom: '2026-01-01',
      annualCapCents: 81_500,
      centsByServiceType: {
        'doctor-visit': 2_390,
        'nurse-visit': 1_450,
        'physiotherapy-session': 1_640,
        'mental-health-substance-visit': 0,
        'social-guidance-meeting': 0,
      },
      countsTowardCap: {
        'doctor-visit': true,
        'nurse-visit': true,
        'physiotherapy-session': true,
        'mental-health-substance-visit': true,
        'social-guidance-meeting': false,
      },
    }),
    [200],
  );
  // Liisa saw a doctor at Mehiläinen today: a client fee on her statement.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
  const provider = await serviceToken(issuer, 'provider-mehilainen');
  const reported = await expect(
    call(api, provider, 'POST', '/providers/mehilainen/service-reports', {
      rows: [
        {
          providerSideId: 'M-seed-1',
          identityCode: identityCodeOf('liisa.resident'),
          serviceType: 'doctor-visit',
          date: today,
          stationId: 'mehilainen-hervanta',
        },
      ],
    }),
    [200, 201, 207],
  );
  if (JSON.stringify(reported.body).includes('"code"')) throw new Error(`seed: service report refused ${JSON.stringify(reported.body)}`);
}
