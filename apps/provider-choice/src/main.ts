import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { ProviderChoiceModule } from '@luotsi/provider-choice-service';
import { PlatformModule, runService, type RuntimeConfig } from '@luotsi/runtime';

/** The provider choice service alone (distributed topology). */
@Module({})
class ProviderChoiceApp {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return { module: ProviderChoiceApp, imports: [PlatformModule.forRoot(config), ProviderChoiceModule] };
  }
}

runService({
  service: 'provider-choice',
  title: 'Luotsi provider choice',
  description: 'Approved providers and stations; every eligible resident listed; switching every three months from the next month start.',
  module: (config) => ProviderChoiceApp.forRoot(config),
  consumes: [],
}).catch((error) => {
  process.stderr.write(`provider-choice failed to start: ${error?.stack ?? error}\n`);
  process.exit(1);
});
