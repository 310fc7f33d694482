import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import request from 'supertest';
import { PlatformModule } from '../platform.module';
import type { RuntimeConfig } from '../runtime-config';
import { as } from '../testing/callers';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Public, Roles } from './access';

// In no context declaration: refused all the same when it forgets to declare.
@Controller('throwaway')
class ThrowawayController {
  @Get('forgotten')
  forgotten() {
    return { leaked: true };
  }

  @Get('declared')
  @Roles('county')
  declared() {
    return { ok: true };
  }

  @Get('open')
  @Public()
  open() {
    return { open: true };
  }
}

const appOf = (accessUndeclared?: RuntimeConfig['accessUndeclared']) => {
  @Module({})
  class ThrowawayAppModule {
    static forRoot(config: RuntimeConfig): DynamicModule {
      return {
        module: ThrowawayAppModule,
        imports: [PlatformModule.forRoot(accessUndeclared ? { ...config, accessUndeclared } : config)],
        controllers: [ThrowawayController],
      };
    }
  }
  return startTestApp(
    { service: 'throwaway', title: 'throwaway', description: 'throwaway', module: ThrowawayAppModule.forRoot, consumes: [] },
    'pglite',
  );
};

describe('AccessGuard: every route is called only as it declares', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appOf();
  }, 60_000);
  afterAll(async () => t?.close());

  it('refuses a route that declares nothing, in any controller, whoever calls', async () => {
    for (const actor of [undefined, as.county(), as.operator()]) {
      const res = await request(t.server)
        .get('/throwaway/forgotten')
        .set(actor ?? {})
        .expect(403);
      expect(res.body).toMatchObject({ code: 'ACCESS_UNDECLARED', details: { route: 'GET /throwaway/forgotten' } });
    }
  });

  it('lets a declared role in and keeps others out', async () => {
    await request(t.server).get('/throwaway/declared').set(as.county()).expect(200);
    expect(
      (
        await request(t.server)
          .get('/throwaway/declared')
          .set(as.token({ sub: 'r1', roles: ['resident'] }))
          .expect(403)
      ).body.code,
    ).toBe('FORBIDDEN_ROLE');
    await request(t.server).get('/throwaway/open').expect(200);
  });

  it('answers the operations and documentation routes without an actor', async () => {
    await request(t.server).get('/health').expect(200);
    await request(t.server).get('/health/live').expect(200);
    await request(t.server).get('/health/ready').expect(200);
    expect((await request(t.server).get('/metrics').expect(200)).text).toMatch(/luotsi_http_request_duration_seconds/);
    expect((await request(t.server).get('/docs/openapi.json').expect(200)).body.info.title).toBe('throwaway');
    await request(t.server).get('/docs').redirects(1).expect(200);
  });
});

describe('AccessGuard with accessUndeclared: refuse-in-declared-contexts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appOf('refuse-in-declared-contexts');
  }, 60_000);
  afterAll(async () => t?.close());

  it('leaves a controller outside any declaration to its own checks', async () => {
    expect((await request(t.server).get('/throwaway/forgotten').expect(200)).body).toEqual({ leaked: true });
  });
});
