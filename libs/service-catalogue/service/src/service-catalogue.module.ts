import { ContextModule } from '@luotsi/runtime';
import { serviceCatalogueContext } from './service-catalogue.context';

/** The service catalogue as the platform runs its declaration: import it beside PlatformModule.forRoot(config). */
export const ServiceCatalogueModule = ContextModule.register(serviceCatalogueContext);
