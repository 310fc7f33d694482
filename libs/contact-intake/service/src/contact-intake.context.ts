import { contactIntakeContract } from '@luotsi/contact-intake-contracts';
import { PERSON_REGISTRY_DEPS, PersonRegistry, openPersonRegistry } from '@luotsi/identity';
import { defineContext } from '@luotsi/runtime';
import { ContactIntakeCommands } from './contact-intake.commands';
import { CONTACT_INTAKE_STREAMS } from './contact-intake.streams';
import { billingInbound } from './consumer/billing-inbound';
import { catalogueInbound } from './consumer/catalogue-inbound';
import { ContactsController } from './http/contacts.controller';
import { CountyController } from './http/county.controller';
import { contactIntakeProjection } from './read-model/contact-intake.projection';
import { ContactIntakeReadModel } from './read-model/contact-intake-read-model';
import { CONTACT_INTAKE_MIGRATIONS } from './read-model/migrations';

/** Contact intake: every contact from any channel, screened, resolved at first contact or routed; live KPIs. */
export const contactIntakeContext = defineContext({
  name: 'contact-intake',
  streams: CONTACT_INTAKE_STREAMS,
  migrations: CONTACT_INTAKE_MIGRATIONS,
  projections: [contactIntakeProjection],
  publishes: { contract: contactIntakeContract },
  consumes: [billingInbound, catalogueInbound],
  controllers: [ContactsController, CountyController],
  providers: [
    { provide: PersonRegistry, inject: PERSON_REGISTRY_DEPS, useFactory: openPersonRegistry },
    ContactIntakeReadModel,
    ContactIntakeCommands,
  ],
  exports: [ContactIntakeCommands, ContactIntakeReadModel],
});
