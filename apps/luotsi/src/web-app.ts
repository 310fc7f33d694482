import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { WEB_CLIENT } from '@luotsi/auth';
import type { RuntimeConfig } from '@luotsi/runtime';

/** Where `npm start`'s prestart step (apps/web/scripts/build.mjs) leaves the built web app. */
export const WEB_DIST = resolve(__dirname, '../../web/dist');

/**
 * The web app's own paths (apps/web/src/routes.ts): a browser navigating to one gets index.html
 * and the app routes itself. None of them is an API path, so no API route is shadowed.
 */
const APP_PATHS = /^\/(?:$|resident(?:\/|$)|guidance(?:\/|$)|finance(?:\/|$)|county(?:\/|$)|plans(?:\/|$)|accessibility$|signed-in$)/;

/** What the browser needs to sign in: the issuer the API trusts and the web app's public client. */
export function webConfig(config: RuntimeConfig): { issuer: string | null; clientId: string } {
  return { issuer: config.oidc.issuer ?? null, clientId: WEB_CLIENT.clientId };
}

/** Headers of the app's HTML: only its own scripts; tokens go only to itself and the issuer. */
export function webSecurityHeaders(issuer: string | null): Record<string, string> {
  const issuerOrigin = issuer ? new URL(issuer).origin : '';
  return {
    'content-security-policy': [
      "default-src 'self'",
      "script-src 'self'",
      // styled-components (Suomi.fi components) injects its style elements at run time.
      "style-src 'self' 'unsafe-inline'",
      `connect-src 'self' ${issuerOrigin}`.trim(),
      "img-src 'self' data:",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'self'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

/**
 * Serves the built web app at `/` from the all-in-one process: hashed assets (cached for a year),
 * `/web-config.json`, and index.html for the app's own paths. Without a build it says so in the
 * log and the API runs on.
 */
export function mountWebApp(app: INestApplication, config: RuntimeConfig, distDir = WEB_DIST): void {
  const indexFile = join(distDir, 'index.html');
  if (!existsSync(indexFile)) {
    process.stderr.write(`web app not served: ${indexFile} is missing (npm run build:web builds it)\n`);
    return;
  }
  const index = readFileSync(indexFile, 'utf8');
  const settings = webConfig(config);
  const headers = webSecurityHeaders(settings.issuer);
  (app as NestExpressApplication).useStaticAssets(join(distDir, 'assets'), {
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
    fallthrough: true,
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path === '/web-config.json') {
      res.set({ 'cache-control': 'no-store' }).json(settings);
      return;
    }
    if (!APP_PATHS.test(req.path)) return next();
    res
      .status(200)
      .set({ ...headers, 'content-type': 'text/html; charset=utf-8' })
      .send(index);
  });
}
