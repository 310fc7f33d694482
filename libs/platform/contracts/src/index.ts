export * from './cloud-event';
export * from './integration-contract';
export * from './to-cloud-event';
export { asyncApiDocument } from './asyncapi';
export { PayloadValidator, type PayloadCheck } from './payload-validator';
