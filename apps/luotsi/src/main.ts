import 'reflect-metadata';
import { runService } from '@luotsi/runtime';
import { luotsiDefinition } from './definition';

// The all-in-one app of `npm start`: with no OIDC_ISSUER it signs its demo users in itself.
runService({ ...luotsiDefinition, embeddedIssuer: true }).catch((error) => {
  process.stderr.write(`Luotsi failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
