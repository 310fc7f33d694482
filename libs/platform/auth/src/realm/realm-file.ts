import { join } from 'node:path';

export const REALM_FILE = join(__dirname, '../../../../../infra/keycloak/realm/luotsi-realm.json');
