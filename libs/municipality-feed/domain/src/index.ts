export * from './inbound';
export * from './feed-events';
export * from './routing';
export * from './catalogue-routing';
export * from './quarter-report';
