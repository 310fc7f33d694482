export { billingContract, BILLING_PUBLIC_MAPPING, type BillingPublicMapping } from './billing-contract';
