export { startTestApp, type TestApp, type TestDatabase } from './test-app';
