import type { LocalDate } from '@luotsi/kernel';
import type { AvainDomain, CarePurpose, GoalStatus, PlanStatus, Sector, Segment, ServiceStatus } from './vocabulary';

/** A worker as a plan names them: the token subject (what access compares), a display name, an organisation. */
export interface Worker {
  subject: string;
  name: string;
  organisation: string;
}

export interface SituationalFactor {
  domain: AvainDomain;
  /** The client's situation in this domain, as recorded with them. */
  description: string;
}

/** The five GAS levels' descriptions, −2…+2 (0 = the expected outcome). */
export interface GasLevels {
  '-2': string;
  '-1': string;
  '0': string;
  '1': string;
  '2': string;
}

export interface FollowUp {
  on: LocalDate;
  level: number;
  by: string;
}

export interface Goal {
  goalId: string;
  domain: AvainDomain;
  /** The goal in the client's own words. */
  clientWords: string;
  /** The goal as the worker puts it. */
  workerWords: string;
  weight: number;
  levels: GasLevels;
  /** The level at the plan's set-up (GAS convention: −1, or −2 when worse than that). */
  baselineLevel: number;
  status: GoalStatus;
  followUps: FollowUp[];
}

export interface PlanService {
  serviceId: string;
  sector: Sector;
  /** What the service or measure is (a service name, not notes). */
  name: string;
  organisation: string;
  responsibleWorker: string;
  start: LocalDate;
  end: LocalDate | null;
  status: ServiceStatus;
}

export interface CareTeamMember {
  subject: string;
  name: string;
  /** The member's role in the team (e.g. social worker, nurse, employment coordinator). */
  role: string;
  organisation: string;
  purpose: CarePurpose;
  validFrom: LocalDate;
  validTo: LocalDate | null;
}

export interface Participation {
  /** How the client took part in making the plan. */
  howParticipated: string;
  /** What the client agreed to. */
  agreedTo: string;
  /** The client's own view, in their words (may be empty). */
  clientView: string;
}

/** One version of a plan: everything a reader with access sees. */
export interface PlanVersion {
  version: number;
  status: PlanStatus;
  createdOn: LocalDate;
  responsibleOrganisation: string;
  responsibleWorker: Worker;
  situation: SituationalFactor[];
  goals: Goal[];
  services: PlanService[];
  careTeam: CareTeamMember[];
  participation: Participation | null;
  followUpDates: LocalDate[];
  statusHistory: Array<{ status: PlanStatus; on: LocalDate; by: string; reason: string | null }>;
}

export interface PlanState {
  exists: boolean;
  planId: string;
  personRef: string;
  municipality: string | null;
  segment: Segment | null;
  /** The current version (the last one); earlier versions are kept in `previous`. */
  current: PlanVersion | null;
  previous: PlanVersion[];
  /** The stream's revision: the index of its last event (−1 before the first). */
  revision: number;
}

export const initialPlanState = (): PlanState => ({
  exists: false,
  planId: '',
  personRef: '',
  municipality: null,
  segment: null,
  current: null,
  previous: [],
  revision: -1,
});

/** Who issues a command on a plan: the token's subject and the role they came in as. */
export interface PlanActor {
  subject: string;
  role: string;
  /** `role:subject`, as recorded in events. */
  label: string;
}
