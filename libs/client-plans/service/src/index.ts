export { ClientPlansModule, clientPlansContext } from './client-plans.context';
export { planStreams, planRequestStreams, planConfigStreams, familyStreams } from './client-plans.streams';
export { CONTACT_INTAKE_EVENT_TYPES, readContactIntakeEvent } from './consumer/contact-intake-events';
export { CLIENT_PLANS_PROJECTION_NAME } from './read-model/client-plans.projection';
