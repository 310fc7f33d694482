export { contactIntakeContract, CONTACT_INTAKE_PUBLIC_MAPPING } from './contact-intake-contract';
