import 'reflect-metadata';
import { runService } from '@luotsi/runtime';
import { luotsiDefinition } from './definition';

runService(luotsiDefinition).catch((error) => {
  process.stderr.write(`Luotsi failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
