export { startTestApp, type TestApp, type TestDatabase } from './test-app';
export { badInputCases, sendBadInput, refusedAsExpected, type BadInputCase, type BadInputResult, type Endpoint } from './bad-input';
export { as } from './callers';
