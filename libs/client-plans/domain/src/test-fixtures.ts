import type { LocalDate } from '@luotsi/kernel';
import type { PlanEvent } from './plan-events';
import type { GasLevels, PlanActor } from './plan-model';

export const PERSON = 'per_0b7e3f0e-6f0a-4c1e-9c52-2f5a8f3b9a11';
export const TODAY = '2027-01-15' as LocalDate;
export const PAULA: PlanActor = { subject: 'sub-paula', role: 'plan-worker', label: 'plan-worker:sub-paula' };
export const PEKKA: PlanActor = { subject: 'sub-pekka', role: 'plan-worker', label: 'plan-worker:sub-pekka' };
export const GUNILLA: PlanActor = { subject: 'sub-gunilla', role: 'guidance', label: 'guidance:sub-gunilla' };
export const LEVELS: GasLevels = {
  '-2': 'no contact with services',
  '-1': 'one visit',
  '0': 'visits monthly as agreed',
  '1': 'visits and follows the plan',
  '2': 'manages on their own',
};

export const created: PlanEvent = {
  type: 'PlanCreated',
  data: {
    planId: 'plan-1',
    personRef: PERSON,
    version: 1,
    status: 'draft',
    responsibleOrganisation: 'pirkanmaa',
    municipality: '837',
    segment: 'supported',
    responsibleWorker: { subject: 'sub-paula', name: 'Paula P', organisation: 'pirkanmaa' },
    creatorPurpose: 'social-work',
    creatorRole: 'plan-worker',
    creatorSubject: 'sub-paula',
    createdOn: TODAY,
    createdBy: PAULA.label,
  },
};

export const goalAdded = (goalId = 'g1', weight = 1): PlanEvent => ({
  type: 'GoalAdded',
  data: {
    planId: 'plan-1',
    version: 1,
    goalId,
    domain: 'work-and-education',
    clientWords: 'I want to find work',
    workerWords: 'Job search with a coach',
    weight,
    levels: LEVELS,
    baselineLevel: -1,
    by: PAULA.label,
  },
});

export const goalActive = (goalId = 'g1'): PlanEvent => ({
  type: 'GoalStatusChanged',
  data: { planId: 'plan-1', version: 1, goalId, from: 'proposed', to: 'active', on: TODAY, by: PAULA.label },
});

const headline = { planId: 'plan-1', personRef: PERSON, version: 1, responsibleOrganisation: 'pirkanmaa', municipality: '837' };
export const statusChanged = (from: string, to: string): PlanEvent =>
  ({ type: 'PlanStatusChanged', data: { ...headline, status: to, from, on: TODAY, reason: null, by: PAULA.label } }) as PlanEvent;
