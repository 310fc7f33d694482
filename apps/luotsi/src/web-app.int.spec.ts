import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import type { RuntimeConfig } from '@luotsi/runtime';
import { mountWebApp } from './web-app';

@Controller()
class ApiProbe {
  @Get('residents/:personRef/listing') listing() {
    return { api: true };
  }
}
@Module({ controllers: [ApiProbe] })
class ProbeModule {}

/** How the all-in-one process serves the built web app beside its API (apps/luotsi/src/web-app.ts). */
describe('the web app served by the all-in-one process', () => {
  let app: INestApplication;
  const dist = mkdtempSync(join(tmpdir(), 'luotsi-web-'));
  const config = { oidc: { issuer: 'http://127.0.0.1:8180/realms/luotsi' } } as unknown as RuntimeConfig;

  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
    app = await NestFactory.create(ProbeModule, { logger: false });
    mountWebApp(app, config, dist);
    await app.init();
  });
  afterAll(() => app.close());

  it.each([
    '/',
    '/resident',
    '/resident/switch/check',
    '/guidance',
    '/finance',
    '/county/dashboard',
    '/plans',
    '/accessibility',
    '/signed-in',
  ])('answers %s with index.html and its security headers', async (path) => {
    const res = await request(app.getHttpServer()).get(path).expect(200);
    expect(res.text).toContain('<title>app</title>');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("connect-src 'self' http://127.0.0.1:8180");
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('leaves API paths to the API, and other methods and paths alone', async () => {
    await request(app.getHttpServer()).get('/residents/per_x/listing').expect(200, { api: true });
    await request(app.getHttpServer()).get('/residentsx').expect(404);
    await request(app.getHttpServer()).post('/resident').expect(404);
  });

  it('serves hashed assets for a year and the sign-in settings', async () => {
    const asset = await request(app.getHttpServer()).get('/assets/index-abc.js').expect(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    await request(app.getHttpServer())
      .get('/web-config.json')
      .expect(200, { issuer: 'http://127.0.0.1:8180/realms/luotsi', clientId: 'luotsi-web' });
  });

  it('mounts nothing when the app was not built', async () => {
    const bare = await NestFactory.create(ProbeModule, { logger: false });
    mountWebApp(bare, config, join(dist, 'missing'));
    await bare.init();
    await request(bare.getHttpServer()).get('/').expect(404);
    await bare.close();
  });
});
