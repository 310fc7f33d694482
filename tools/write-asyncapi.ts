// Writes docs/asyncapi.json from the contexts' contracts (npm run asyncapi); a test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asyncApiDocument } from '@luotsi/contracts';
import { LUOTSI_CONTRACTS } from '../apps/luotsi/src/contracts';

writeFileSync(join(__dirname, '..', 'docs', 'asyncapi.json'), JSON.stringify(asyncApiDocument(LUOTSI_CONTRACTS), null, 2) + '\n');
process.stdout.write('docs/asyncapi.json written\n');
