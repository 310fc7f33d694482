export * from './feed-contract';
export * from './feed-cloud-event';
export * from './compatibility';
export { municipalityAsyncApi, type FeedAsyncApiOptions } from './asyncapi';
