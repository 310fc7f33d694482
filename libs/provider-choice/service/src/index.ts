export { ProviderChoiceModule, providerChoiceContext } from './provider-choice.context';
export { areaStreams, listingStreams, providerStreams, stationClaimStreams } from './provider-choice.streams';
