import type { MessageKey } from './i18n/en';

/**
 * The navigation, per role: one table, so a context that lands adds its rows here and its pages in
 * app.tsx's page table. Contact intake (guidance: the contact queue, screening) and client plans
 * (resident: my plan; plan-worker: plans) slot in as rows with their own paths under the same
 * prefixes, which apps/luotsi/src/web-app.ts already serves.
 */
export interface NavItem {
  path: string;
  label: MessageKey;
  role: 'resident' | 'guidance' | 'finance' | 'county' | 'plan-worker';
}

export const NAV: readonly NavItem[] = [
  { path: '/resident', label: 'nav.resident', role: 'resident' },
  { path: '/resident/services', label: 'nav.services', role: 'resident' },
  { path: '/resident/plan', label: 'nav.myPlan', role: 'resident' },
  { path: '/resident/fees', label: 'nav.fees', role: 'resident' },
  { path: '/resident/access-log', label: 'nav.accessLog', role: 'resident' },
  { path: '/guidance/queue', label: 'nav.contacts', role: 'guidance' },
  { path: '/guidance', label: 'nav.guidance', role: 'guidance' },
  { path: '/plans', label: 'nav.plans', role: 'plan-worker' },
  { path: '/finance', label: 'nav.finance', role: 'finance' },
  { path: '/county', label: 'nav.county', role: 'county' },
  { path: '/county/dashboard', label: 'nav.dashboard', role: 'county' },
  { path: '/county/contact-intake', label: 'nav.kpis', role: 'county' },
];
