// Writes docs/asyncapi.json from the contracts (npm run asyncapi); a test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAsyncApi } from '@luotsi/contracts';

writeFileSync(join(__dirname, '..', 'docs', 'asyncapi.json'), JSON.stringify(buildAsyncApi(), null, 2) + '\n');
process.stdout.write('docs/asyncapi.json written\n');
