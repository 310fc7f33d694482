export { createDevIssuer, DevIssuerRefused, type DevIssuer, type DevIssuerHandler, type DevIssuerOptions } from './dev-issuer';
