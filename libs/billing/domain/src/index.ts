export * from './vocabulary';
export * from './rates/rate-tables';
export * from './rates/rates-decider';
export * from './settlement/capitation';
export * from './settlement/settlement-lines';
export * from './settlement/settlement-decider';
export * from './fees/client-fee-cap';
export * from './services/service-rows';
