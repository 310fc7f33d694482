export { startTestApp, type TestApp, type TestDatabase } from './test-app';
export {
  badInputCases,
  batteryCases,
  fieldCases,
  queryCases,
  idempotencyKeyCases,
  sendBadInput,
  refusedAsExpected,
  type BadInputCase,
  type BadInputResult,
  type Endpoint,
} from './bad-input';
export { as } from './callers';
