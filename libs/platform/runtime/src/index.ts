export * from './tokens';
export * from './runtime-config';
export { PlatformModule, PlatformCoreModule } from './platform.module';
export { RelayRegistry } from './messaging/relay-registry';
export { createLogger, PinoNestLogger } from './logger';
export { ErrorFilter } from './http/error-filter';
export { ErrorBody } from './http/error-body';
export { validationPipe } from './http/validation';
export { createServiceApp, startServiceApp, runService, type ServiceDefinition } from './bootstrap';
