export { clientPlansContract, CLIENT_PLANS_PUBLIC_MAPPING } from './client-plans-contract';
