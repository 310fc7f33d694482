import { createHash } from 'node:crypto';
// The one list of demo users lives beside the Keycloak realm it generates, so that the realm and
// this development issuer cannot drift; it is data, not code of another project.
// eslint-disable-next-line @nx/enforce-module-boundaries
import demoUsersFile from '../../../../infra/keycloak/realm/demo-users.json';
import type { LuotsiRole } from './principal';

/** A demo person who signs in (password grant or the sign-in page). */
export interface DemoUser {
  username: string;
  firstName: string;
  lastName: string;
  roles: LuotsiRole[];
  /** hetu and loa (residents), organisation (staff), providerId, municipality. */
  attributes: Partial<Record<'hetu' | 'loa' | 'organisation' | 'providerId' | 'municipality', string>>;
}

/** A system that signs in with client credentials; `claims` are hard-coded into its tokens. */
export interface DemoServiceAccount {
  clientId: string;
  secret: string;
  roles: LuotsiRole[];
  claims: Partial<Record<'providerId' | 'municipality' | 'organisation', string>>;
  description: string;
}

export interface DemoDirectory {
  /** The one dev-only password of every demo user. */
  password: string;
  users: DemoUser[];
  serviceAccounts: DemoServiceAccount[];
}

/** infra/keycloak/realm/demo-users.json: the list the realm file and the development issuer share. */
export const DEMO_DIRECTORY: DemoDirectory = demoUsersFile as DemoDirectory;

/** The public client of the web app, as the realm defines it. */
export const WEB_CLIENT = {
  clientId: 'luotsi-web',
  redirectUris: ['http://127.0.0.1:3000/*', 'http://localhost:3000/*'],
  webOrigins: ['http://127.0.0.1:3000', 'http://localhost:3000'],
} as const;

/** The audience every access token carries: the API, whichever client asked. */
export const API_AUDIENCE = 'luotsi-api';

/**
 * The `sub` of a demo user or service account: a UUID derived from its name, which the realm
 * file sets as the Keycloak user id, so both issuers give the same subject to the same person.
 */
export function demoSubject(username: string): string {
  const h = createHash('sha256').update(`luotsi-demo:${username}`).digest('hex');
  // Version 8 (custom) UUID layout: the bits say "not random, not time-based".
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const serviceAccountUsername = (clientId: string): string => `service-account-${clientId}`;
