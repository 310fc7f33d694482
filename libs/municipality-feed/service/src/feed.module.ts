import { ContextModule } from '@luotsi/runtime';
import { municipalityFeedContext } from './feed.context';

/** The municipalities' feed as the platform runs its declaration: import it beside PlatformModule.forRoot(config). */
export const MunicipalityFeedModule = ContextModule.register(municipalityFeedContext);
