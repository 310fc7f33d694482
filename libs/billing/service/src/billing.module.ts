import { ContextModule } from '@luotsi/runtime';
import { billingContext } from './billing.context';

/** Billing as the platform runs its declaration: import it beside PlatformModule.forRoot(config). */
export const BillingModule = ContextModule.register(billingContext);
