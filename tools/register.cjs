// Runs TypeScript sources directly with SWC (decorator metadata on, as NestJS needs) and resolves
// the @luotsi/* path aliases of tsconfig.base.json. Used by `npm start`, the service apps and bench.
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || require('path').join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
