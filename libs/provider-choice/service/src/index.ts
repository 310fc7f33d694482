export { ProviderChoiceModule, PROVIDER_CHOICE_PROJECTION } from './provider-choice.module';
export { ProviderChoiceCommands } from './provider-choice.commands';
export { ProviderChoiceQueries } from './read-model/provider-choice.queries';
export { DueChangesProcessor } from './processes/due-changes.processor';
export { PROVIDER_CHOICE_MIGRATIONS, REBUILDABLE_TABLES } from './read-model/migrations';
