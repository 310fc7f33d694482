// Rewrites infra/keycloak/realm/luotsi-realm.json from the demo directory:
//   node -r ./tools/register.cjs libs/platform/auth/src/realm/sync-realm.ts
import { writeFileSync } from 'node:fs';
import { DEMO_DIRECTORY } from '../demo-users';
import { buildLuotsiRealm } from './luotsi-realm';
import { REALM_FILE } from './realm-file';

writeFileSync(REALM_FILE, JSON.stringify(buildLuotsiRealm(DEMO_DIRECTORY), null, 2) + '\n');
console.log(`sync-realm: wrote ${REALM_FILE}`);
