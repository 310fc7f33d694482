export { MunicipalityFeedModule } from './feed.module';
export { municipalityFeedContext, FEED_CONTEXT } from './feed.context';
export { FeedRouter, type RouteOutcome } from './router/feed-router';
export { feedEventId } from './router/feed-ids';
export { FeedGateway, FEED_GATEWAY } from './gateway/feed-gateway';
export { DeliveryRecord, type FeedDelivery, type SubscriberDelivery } from './delivery/delivery-record';
export { FeedReports } from './reports/feed-reports';
export { FeedController, type FeedPage } from './http/feed.controller';
export { FEED_MIGRATIONS } from './migrations';
