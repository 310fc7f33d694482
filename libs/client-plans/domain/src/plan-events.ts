import type { LocalDate } from '@luotsi/kernel';
import type { CareTeamMember, GasLevels, Participation, PlanService, SituationalFactor, Worker } from './plan-model';
import type { AvainDomain, CarePurpose, GoalStatus, PlanStatus, Segment, ServiceStatus } from './vocabulary';

/** What every event that changes what the public sees of a plan carries (its public events' data). */
export interface PlanHeadline {
  planId: string;
  personRef: string;
  version: number;
  status: PlanStatus;
  responsibleOrganisation: string;
  municipality: string | null;
}

export type PlanEvent =
  | {
      type: 'PlanCreated';
      data: PlanHeadline & {
        segment: Segment | null;
        responsibleWorker: Worker;
        /** The creator's own care-team purpose: the creator is the first member of the team. */
        creatorPurpose: CarePurpose;
        creatorRole: string;
        /** The creator's token subject: they are in the care team from the start. */
        creatorSubject: string;
        createdOn: LocalDate;
        createdBy: string;
      };
    }
  | { type: 'SituationRecorded'; data: { planId: string; version: number; situation: SituationalFactor[]; by: string } }
  | { type: 'ParticipationRecorded'; data: { planId: string; version: number; participation: Participation; by: string } }
  | { type: 'FollowUpDatesSet'; data: { planId: string; version: number; followUpDates: LocalDate[]; by: string } }
  | {
      type: 'GoalAdded';
      data: {
        planId: string;
        version: number;
        goalId: string;
        domain: AvainDomain;
        clientWords: string;
        workerWords: string;
        weight: number;
        levels: GasLevels;
        baselineLevel: number;
        by: string;
      };
    }
  | {
      type: 'GoalStatusChanged';
      data: { planId: string; version: number; goalId: string; from: GoalStatus; to: GoalStatus; on: LocalDate; by: string };
    }
  | { type: 'GoalFollowedUp'; data: { planId: string; version: number; goalId: string; level: number; on: LocalDate; by: string } }
  | { type: 'ServiceAdded'; data: { planId: string; version: number; service: PlanService; by: string } }
  | {
      type: 'ServiceStatusChanged';
      data: { planId: string; version: number; serviceId: string; status: ServiceStatus; end: LocalDate | null; by: string };
    }
  | { type: 'ResponsibleWorkerChanged'; data: PlanHeadline & { responsibleWorker: Worker; by: string } }
  | { type: 'CareTeamMemberAdded'; data: { planId: string; version: number; member: CareTeamMember; by: string } }
  | { type: 'CareTeamMembershipEnded'; data: { planId: string; version: number; subject: string; validTo: LocalDate; by: string } }
  | { type: 'PlanStatusChanged'; data: PlanHeadline & { from: PlanStatus; on: LocalDate; reason: string | null; by: string } }
  /** A completed plan replaced by a new version (a draft carrying on the old one's open content); the old one is kept. */
  | { type: 'PlanVersionStarted'; data: PlanHeadline & { previousVersion: number; on: LocalDate; by: string } };

export type PlanEventType = PlanEvent['type'];
