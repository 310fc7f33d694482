export * from './errors';
export * from './clock';
export * from './ids';
export { daysInMonth } from './calendar';
export * from './finnish-holidays';
export { LocalDate, HELSINKI } from './local-date';
export { YearMonth } from './year-month';
export { Money, type Cents, type Rounding } from './money';
export { Hetu, type HetuOptions, type ParsedHetu, type Sex } from './hetu';
export { BusinessId } from './business-id';
export {
  hasIdentityCodeShape,
  maskIdentityCodes,
  maskIdentityCodesDeep,
  identityCodePaths,
  IDENTITY_CODE_MASK,
} from './identity-code-scan';
export { PersonRef } from './person-ref';
export * from './decider';
export { canonicalJson, sameJson } from './same-json';
export { LruMap } from './lru-map';
export { deciderSpec } from './testing';
export { Municipalities, MUNICIPALITY_CLASSIFICATION, type Municipality, type WellbeingCounty } from './municipalities/municipalities';
