import 'reflect-metadata';
import { runService } from '@luotsi/runtime';
import { luotsiDefinition } from './definition';
import { mountWebApp } from './web-app';

// The all-in-one app of `npm start`: with no OIDC_ISSUER it signs its demo users in itself, and it
// serves the web app (apps/web, built by the prestart step) at `/`.
runService({ ...luotsiDefinition, embeddedIssuer: true, mount: mountWebApp }).catch((error) => {
  process.stderr.write(`Luotsi failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
