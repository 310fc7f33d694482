export { serviceCatalogueContract } from './service-catalogue-contract';
