import { ContextModule } from '@luotsi/runtime';
import { contactIntakeContext } from './contact-intake.context';

/** Contact intake as the platform runs its declaration: import it beside PlatformModule.forRoot(config). */
export const ContactIntakeModule = ContextModule.register(contactIntakeContext);
