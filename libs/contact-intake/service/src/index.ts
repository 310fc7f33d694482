export { ContactIntakeModule } from './contact-intake.module';
export { contactIntakeContext } from './contact-intake.context';
export { ContactIntakeCommands } from './contact-intake.commands';
export { ContactIntakeReadModel } from './read-model/contact-intake-read-model';
export { contactIntakeProjection, CONTACT_INTAKE_PROJECTION_NAME } from './read-model/contact-intake.projection';
export { CONTACT_INTAKE_MIGRATIONS, CONTACT_INTAKE_TABLES, counterColumn } from './read-model/migrations';
export { PRIVACY_NOTICE } from './http/county.controller';
export { readCatalogueEvent } from './consumer/catalogue-inbound';
