import { Module, type DynamicModule } from '@nestjs/common';
import { BillingModule } from '@luotsi/billing-service';
import { ClientPlansModule } from '@luotsi/client-plans-service';
import { ContactIntakeModule } from '@luotsi/contact-intake-service';
import { MunicipalityFeedModule } from '@luotsi/municipality-feed-service';
import { ProviderChoiceModule } from '@luotsi/provider-choice-service';
import { ServiceCatalogueModule } from '@luotsi/service-catalogue-service';
import { PlatformModule, type RuntimeConfig } from '@luotsi/runtime';

/** Every service module in one process: the embedded default of `npm start`. */
@Module({})
export class LuotsiModule {
  static forRoot(config: RuntimeConfig): DynamicModule {
    return {
      module: LuotsiModule,
      imports: [
        PlatformModule.forRoot(config),
        ProviderChoiceModule,
        BillingModule,
        ContactIntakeModule,
        ClientPlansModule,
        MunicipalityFeedModule,
        ServiceCatalogueModule,
      ],
    };
  }
}
