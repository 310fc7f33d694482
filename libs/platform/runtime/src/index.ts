export * from './tokens';
export * from './runtime-config';
export { PlatformModule, PlatformCoreModule } from './platform.module';
export { RelayRegistry } from './messaging/relay-registry';
export { createLogger, PinoNestLogger } from './logger';
export { ErrorFilter } from './http/error-filter';
export { ErrorBody } from './http/error-body';
export { validationPipe } from './http/validation';
export { createServiceApp, configureServiceApp, startServiceApp, runService, type ServiceDefinition } from './bootstrap';
export { IdempotencyStore, eventIdFor, type StoredResponse } from './idempotency/idempotency-store';
export { requireRole, holdsRole, CurrentActor, type Actor, type Role } from './http/actor';
export { correlationIdOf } from './http/correlation-id';
export { configureHttp } from './http/configure-http';
export {
  HTTP_APP_OPTIONS,
  HTTP_LIMITS,
  IdentityCodeFields,
  LongRunning,
  PerRowInput,
  QueryArrays,
  edgeRefusal,
  type HttpLimits,
} from './http/route-options';
export { hasInvalidCharacters, scanInput, type ScanFindings } from './http/input-scan';
export { OperationsModule } from './health/operations.module';
export { ReadinessChecks, type ReadinessCheck, type ReadinessResult } from './health/readiness';
export { httpDurationHistogram, routeTemplateOf } from './metrics/http-metrics';
export { maskForLog, serializeError } from './logger';
export {
  Access,
  Roles,
  Public,
  AccessGuard,
  actorOf,
  requestContextOf,
  ACCESS_METADATA,
  PUBLIC_METADATA,
  DECLARED_CONTROLLER_METADATA,
  type AccessRule,
  type RequestContext,
} from './access/access';
export {
  evaluateAccess,
  candidateRoles,
  personRefNeeded,
  type ScopeRule,
  type AccessPurpose,
  type AccessSubject,
  type AccessDecision,
} from './access/scope';
export { RateLimited, RateLimiter, RateLimitedError, RATE_LIMITED_METADATA } from './access/rate-limit';
export { RouteAccess, actorFromPrincipal } from './access/principal-actor';
export { RESIDENT_DIRECTORY, ResidentDirectorySlot, type ResidentDirectory } from './access/resident-directory';
export { tokenVerifierFor } from './access/token-verifier';
export { AccessLog, AccessLogUnavailableError } from './access-log/access-log';
export {
  AccessLogStore,
  DEFAULT_ACCESS_LOG_SCHEMA,
  type AccessLogEntry,
  type StoredAccessLogEntry,
  type AccessLogQuery,
} from './access-log/access-log.store';
export { AccessLogController } from './access-log/access-log.controller';
export { DEV_ISSUER_PATH, embeddedIssuer, type EmbeddedIssuer } from './auth/embedded-issuer';
export {
  Idempotent,
  IdempotencyInterceptor,
  idempotencyOf,
  answer,
  IDEMPOTENCY_KEY_PATTERN,
  idempotencyKeyRefusal,
  type Answer,
} from './idempotency/idempotent';
export { RequestEnvelope, envelopeOf } from './context/envelope';
export {
  defineContext,
  type ContextDeclaration,
  type ConsumesDeclaration,
  type BatchConsumesDeclaration,
  type ReactorDeclarationOf,
  type TimerDeclaration,
  type PublishesDeclaration,
} from './context/define-context';
export { ContextModule, contextMigrated, subscriptionToken, inboundToken } from './context/context.module';
export { SubscriptionRuntime, type TimerRun } from './context/subscription-runtime';
