import { assertNever, DomainError, Money, sameJson, type Cents, type Decider, type LocalDate, type YearMonth } from '@luotsi/kernel';
import type { SettlementLine } from './settlement-lines';

export type SettlementStatus = 'none' | 'draft' | 'approved' | 'exported';

export interface SettlementFigures {
  lines: SettlementLine[];
  totalCents: Cents;
  unlistedServices: number;
  /** Late services this settlement adjusts for, by their stream ids, so no later one counts them again. */
  adjustedServices: string[];
  /** Late voucher visits this settlement adjusts for (producer:producerSideId); absent when none, as before vouchers. */
  adjustedRedemptions?: string[];
  /** Global position of the last billing input used: the same position and rules give the same lines. */
  inputPosition: number;
}

export type SettlementCommand =
  | {
      type: 'CalculateSettlement';
      providerId: string;
      month: YearMonth;
      figures: SettlementFigures;
      calculatedBy: string;
      calculatedOn: LocalDate;
    }
  | {
      type: 'ApproveSettlement';
      providerId: string;
      month: YearMonth;
      approvedBy: string;
      approvedOn: LocalDate;
      /**
       * Late services of this draft's adjustments that another approved settlement has paid since the
       * draft was calculated (decided by the caller from billing's read model; none when left out).
       */
      adjustmentsPaidElsewhere?: ReadonlyArray<{ service: string; paidIn: YearMonth }>;
    }
  | { type: 'ExportSettlement'; providerId: string; month: YearMonth; exportedBy: string; exportedOn: LocalDate; format: 'csv' | 'json' };

export type SettlementEvent =
  | {
      type: 'SettlementCalculated';
      data: { providerId: string; month: YearMonth; calculatedBy: string; calculatedOn: LocalDate } & SettlementFigures;
    }
  | {
      type: 'SettlementApproved';
      data: { providerId: string; month: YearMonth; approvedBy: string; approvedOn: LocalDate; totalCents: Cents };
    }
  | {
      type: 'SettlementExported';
      data: { providerId: string; month: YearMonth; exportedBy: string; exportedOn: LocalDate; format: 'csv' | 'json' };
    };

export interface SettlementState {
  status: SettlementStatus;
  figures: SettlementFigures | null;
  calculatedBy: string | null;
  approvedBy: string | null;
}

const initialState = (): SettlementState => ({ status: 'none', figures: null, calculatedBy: null, approvedBy: null });

function decide(c: SettlementCommand, s: SettlementState): SettlementEvent[] {
  switch (c.type) {
    case 'CalculateSettlement':
      if (s.status === 'approved' || s.status === 'exported') {
        throw new DomainError(
          'SETTLEMENT_APPROVED',
          `the settlement of ${c.providerId} for ${c.month} is approved and never changes; later services become adjustments next month`,
          { providerId: c.providerId, month: c.month, status: s.status },
          'conflict',
        );
      }
      // The lines are what gets paid: a total that is not their sum would make the export disagree.
      if (!Array.isArray(c.figures.lines) || Money.sum(c.figures.lines.map((l) => l.amountCents)) !== c.figures.totalCents) {
        throw new DomainError(
          'INVALID_SETTLEMENT',
          'totalCents must be the sum of the lines',
          { totalCents: c.figures.totalCents },
          'validation',
        );
      }
      // Same figures from the same input position: a re-run that changes nothing appends nothing.
      if (s.figures && sameJson(s.figures, c.figures)) return [];
      return [
        {
          type: 'SettlementCalculated',
          data: { providerId: c.providerId, month: c.month, calculatedBy: c.calculatedBy, calculatedOn: c.calculatedOn, ...c.figures },
        },
      ];
    case 'ApproveSettlement':
      if (s.status === 'none')
        throw new DomainError(
          'SETTLEMENT_NOT_FOUND',
          `no settlement of ${c.providerId} for ${c.month}`,
          { providerId: c.providerId, month: c.month },
          'not_found',
        );
      // Approving again is a no-op, not an error: a double click or a retried request changes nothing.
      if (s.status !== 'draft') return [];
      if (s.calculatedBy === c.approvedBy) {
        throw new DomainError(
          'FOUR_EYES_REQUIRED',
          'a settlement is approved by someone other than the one who ran it',
          { calculatedBy: s.calculatedBy },
          'forbidden',
        );
      }
      // One late service can sit in the drafts of two later months; the first approved pays it, and
      // approving the other as it is would pay it again. Re-running it leaves the paid ones out.
      if (c.adjustmentsPaidElsewhere?.length) {
        throw new DomainError(
          'ADJUSTMENT_ALREADY_PAID',
          `the draft of ${c.providerId} for ${c.month} adjusts for late services another approved settlement has paid; run the month again before approving it`,
          {
            providerId: c.providerId,
            month: c.month,
            paid: c.adjustmentsPaidElsewhere.map((p) => ({ service: p.service, paidIn: p.paidIn })),
          },
          'conflict',
        );
      }
      return [
        {
          type: 'SettlementApproved',
          data: {
            providerId: c.providerId,
            month: c.month,
            approvedBy: c.approvedBy,
            approvedOn: c.approvedOn,
            totalCents: s.figures!.totalCents,
          },
        },
      ];
    case 'ExportSettlement':
      if (s.status !== 'approved' && s.status !== 'exported') {
        throw new DomainError(
          'SETTLEMENT_NOT_APPROVED',
          'only an approved settlement is exported for payment',
          { providerId: c.providerId, month: c.month, status: s.status },
          'conflict',
        );
      }
      return [
        {
          type: 'SettlementExported',
          data: { providerId: c.providerId, month: c.month, exportedBy: c.exportedBy, exportedOn: c.exportedOn, format: c.format },
        },
      ];
    default:
      return assertNever(c);
  }
}

function evolve(s: SettlementState, e: SettlementEvent): SettlementState {
  switch (e.type) {
    case 'SettlementCalculated': {
      const { providerId: _p, month: _m, calculatedBy, calculatedOn: _c, ...figures } = e.data;
      return { ...s, status: 'draft', figures, calculatedBy };
    }
    case 'SettlementApproved':
      return { ...s, status: 'approved', approvedBy: e.data.approvedBy };
    case 'SettlementExported':
      return { ...s, status: 'exported' };
    default:
      return assertNever(e);
  }
}

export const settlementDecider: Decider<SettlementCommand, SettlementEvent, SettlementState> = { decide, evolve, initialState };
/** Status: none → draft (re-runs replace it) → approved (never changes again) → exported (any number of times). */
export const settlementStream = (providerId: string, month: string): string => `settlement-${providerId}-${month}`;
