import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { createDevIssuer, DevIssuerRefused, WEB_CLIENT } from '@luotsi/auth';
import type { RuntimeConfig } from '../runtime-config';

/** Where the all-in-one app mounts its development issuer: Keycloak's realm path, under the app. */
export const DEV_ISSUER_PATH = '/dev-issuer/realms/luotsi';

export interface EmbeddedIssuer {
  /** The config to run with: oidc.issuer and oidc.jwks set to the development issuer when it runs. */
  config: RuntimeConfig;
  /** Mounts the issuer's routes on the app, before Nest's routes and outside its guards. */
  mount(app: INestApplication): void;
  /** What the start-up line says about sign-in. */
  startInfo: Record<string, string>;
}

/**
 * The development issuer of `npm start`: when OIDC_ISSUER is unset and NODE_ENV is not production,
 * the all-in-one app signs its demo users in itself (auth lib's createDevIssuer) at
 * <public url>/dev-issuer/realms/luotsi, with its key in <LUOTSI_DATA_DIR>/dev-issuer (a new key per
 * start when LUOTSI_DATA_DIR=memory), and its verifier trusts that key in-process. Otherwise it is
 * not started, and the start-up line says why.
 */
export async function embeddedIssuer(config: RuntimeConfig, env: NodeJS.ProcessEnv = process.env): Promise<EmbeddedIssuer> {
  const dir = env['LUOTSI_DATA_DIR'] ?? '.luotsi-data';
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const publicUrl = (env['LUOTSI_PUBLIC_URL'] || `http://${host}:${config.port}`).replace(/\/+$/, '');
  try {
    const issuer = await createDevIssuer({
      baseUrl: `${publicUrl}${DEV_ISSUER_PATH}`,
      dataDir: dir === 'memory' ? 'memory' : join(resolve(dir), 'dev-issuer'),
      // The web app is served by this same process, so its own address is a redirect URI too (any PORT).
      redirectUris: [...WEB_CLIENT.redirectUris, `${publicUrl}/*`],
      ...(config.oidc.issuer ? { oidcIssuer: config.oidc.issuer } : {}),
      ...(config.nodeEnv ? { nodeEnv: config.nodeEnv } : {}),
    });
    return {
      config: { ...config, oidc: { ...config.oidc, issuer: issuer.issuer, jwks: issuer.jwks, jwksUri: undefined } },
      mount: (app) => app.use(DEV_ISSUER_PATH, issuer.handler),
      startInfo: {
        devIssuer: issuer.logLine,
        issuer: issuer.issuer,
        signIn: issuer.authorizationEndpoint,
        tokenEndpoint: issuer.tokenEndpoint,
      },
    };
  } catch (error) {
    if (!(error instanceof DevIssuerRefused)) throw error;
    return { config, mount: () => undefined, startInfo: { devIssuer: error.message } };
  }
}
