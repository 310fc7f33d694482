/** DI tokens of the platform's shared resources (symbols, so no string can collide with them). */
export const RUNTIME_CONFIG = Symbol.for('luotsi.runtime-config');
export const SQL_POOL = Symbol.for('luotsi.sql-pool');
export const EVENT_STORE = Symbol.for('luotsi.event-store');
export const CHECKPOINTS = Symbol.for('luotsi.checkpoints');
export const MESSAGE_PUBLISHER = Symbol.for('luotsi.message-publisher');
export const IN_PROCESS_BUS = Symbol.for('luotsi.in-process-bus');
export const KAFKA = Symbol.for('luotsi.kafka');
export const LOGGER = Symbol.for('luotsi.logger');
export const COMMAND_PIPELINE = Symbol.for('luotsi.command-pipeline');
export const UPCASTERS = Symbol.for('luotsi.upcasters');
export const SUBSCRIPTION_CHECKPOINTS = Symbol.for('luotsi.subscription-checkpoints');
export const SUBSCRIPTION_ENGINE = Symbol.for('luotsi.subscription-engine');
/** The platform's one TokenVerifier (@luotsi/auth), built from RuntimeConfig.oidc. */
export const TOKEN_VERIFIER = Symbol.for('luotsi.token-verifier');
