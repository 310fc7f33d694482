import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError, hasIdentityCodeShape, isDomainError, LocalDate, YearMonth, type PersonRef } from '@luotsi/kernel';
import { CommandPipeline, todayOf, type CommandEnvelope } from '@luotsi/eventstore';
import {
  isCleanText,
  producerStatusOn,
  voucherStream,
  type ChoiceChannel,
  type ProducerApproval,
  type ProducerOwnership,
  type VoucherTypeVersion,
} from '@luotsi/billing-domain';
import { partOf } from './billing.commands';
import { vouchersStream, voucherTypesStream } from './billing.streams';
import { BillingReadModel } from './read-model/billing-read-model';
import { VoucherReadModel } from './read-model/voucher-read-model';

/** One row of a producer's report of visits given against vouchers. */
export interface VoucherVisitRow {
  producerSideId: string;
  voucherId: string;
  date: string;
}

export interface VoucherReportResult {
  rows: number;
  recorded: number;
  duplicates: number;
  /** Vouchers whose last visit this report gave. */
  usedUp: number;
  /** Visits of months whose settlement was approved: paid as adjustments in a later month. */
  adjustments: number;
  errors: Array<{ row: number; producerSideId: string | null; code: string; message: string }>;
}

export interface GrantRequest {
  voucherTypeId: string;
  reason: string;
  municipality: string;
  monthlyIncomeCents: number | null;
}

/** billing's voucher commands: the county's types and producers, grants, choices and the producers' reports. */
@Injectable()
export class VoucherCommands {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly readModel: BillingReadModel,
    private readonly vouchers: VoucherReadModel,
  ) {}

  setType(voucherTypeId: string, version: VoucherTypeVersion, envelope: CommandEnvelope) {
    return this.pipeline.execute(
      voucherTypesStream,
      { type: 'SetVoucherType', voucherTypeId, version, setBy: envelope.actor, today: todayOf(envelope) },
      envelope,
    );
  }

  approveProducer(
    voucherTypeId: string,
    producerId: string,
    approval: { priceCents: number; ownership: ProducerOwnership; approvedFrom: LocalDate },
    envelope: CommandEnvelope,
  ) {
    return this.pipeline.execute(
      voucherTypesStream,
      { type: 'ApproveVoucherProducer', voucherTypeId, producerId, ...approval, decidedBy: envelope.actor, today: todayOf(envelope) },
      envelope,
    );
  }

  suspendProducer(voucherTypeId: string, producerId: string, from: LocalDate, reason: string, envelope: CommandEnvelope) {
    return this.pipeline.execute(
      voucherTypesStream,
      { type: 'SuspendVoucherProducer', voucherTypeId, producerId, from, reason, decidedBy: envelope.actor },
      envelope,
    );
  }

  endProducer(voucherTypeId: string, producerId: string, from: LocalDate, reason: string, envelope: CommandEnvelope) {
    return this.pipeline.execute(
      voucherTypesStream,
      { type: 'EndVoucherProducer', voucherTypeId, producerId, from, reason, decidedBy: envelope.actor },
      envelope,
    );
  }

  /** Grants a voucher under the version of its type valid today; the id is new, so a retried request is answered by its idempotency key. */
  async grant(personRef: PersonRef, request: GrantRequest, envelope: CommandEnvelope) {
    await this.readModel.caughtUp();
    const today = todayOf(envelope);
    const versions = await this.vouchers.typeVersions(request.voucherTypeId);
    if (versions.length === 0)
      throw new DomainError(
        'VOUCHER_TYPE_NOT_FOUND',
        `no voucher type ${request.voucherTypeId}`,
        { voucherTypeId: request.voucherTypeId },
        'not_found',
      );
    const version = versions.filter((v) => v.validFrom <= today).at(-1);
    if (!version)
      throw new DomainError(
        'NO_VOUCHER_TYPE',
        `voucher type ${request.voucherTypeId} has no version valid on ${today}`,
        { voucherTypeId: request.voucherTypeId, date: today },
        'rule',
      );
    const voucherId = `vch-${randomUUID()}`;
    const outcome = await this.pipeline.execute(
      vouchersStream,
      { type: 'GrantVoucher', voucherId, personRef, version, ...request, grantedBy: envelope.actor, today },
      envelope,
    );
    return outcome.state.grant!;
  }

  async refuse(personRef: PersonRef, voucherId: string, channel: ChoiceChannel, envelope: CommandEnvelope) {
    const outcome = await this.pipeline.execute(
      vouchersStream,
      { type: 'RefuseVoucher', voucherId, personRef, refusedBy: envelope.actor, channel, today: todayOf(envelope) },
      envelope,
    );
    return { voucherId, status: outcome.state.status, changed: outcome.events.length > 0 };
  }

  /**
   * The person's choice of producer. What the decider needs of the approvals (the chosen
   * producer's on today and its price, when the earlier choice's approval ended) is read here.
   */
  async choose(personRef: PersonRef, voucherId: string, producerId: string, channel: ChoiceChannel, envelope: CommandEnvelope) {
    await this.readModel.caughtUp();
    const today = todayOf(envelope);
    const { state } = await this.pipeline.load(vouchersStream, voucherStream(voucherId));
    const typeId = state.grant?.voucherTypeId;
    const approval = typeId ? await this.vouchers.approval(typeId, producerId) : null;
    const current = state.producers.at(-1);
    const currentApproval = typeId && current ? await this.vouchers.approval(typeId, current.producerId) : null;
    const outcome = await this.pipeline.execute(
      vouchersStream,
      {
        type: 'ChooseVoucherProducer',
        voucherId,
        personRef,
        producerId,
        channel,
        chosenBy: envelope.actor,
        today,
        producer: approval ? { status: producerStatusOn(approval, today), priceCents: approval.priceCents } : null,
        currentProducerEndedFrom: currentApproval?.endedFrom ?? null,
      },
      envelope,
    );
    const chosen = outcome.state.producers.at(-1)!;
    const value = outcome.state.grant!.valueCents;
    return {
      voucherId,
      producerId: chosen.producerId,
      priceCents: chosen.priceCents,
      valueCents: value,
      clientSharePerVisitCents: Math.max(0, chosen.priceCents - value),
      changed: outcome.events.length > 0,
    };
  }

  /**
   * Records a producer's report row by row, as service reports are: each bad row answers with its
   * code and writes nothing, each good row is recorded once (the producer's own id names it across
   * all its vouchers), and a visit of an approved month is counted as a coming adjustment.
   */
  async report(producerId: string, rows: readonly VoucherVisitRow[], envelope: CommandEnvelope): Promise<VoucherReportResult> {
    await this.readModel.caughtUp();
    const today = todayOf(envelope);
    const result: VoucherReportResult = { rows: rows.length, recorded: 0, duplicates: 0, usedUp: 0, adjustments: 0, errors: [] };
    const vouchers = await this.vouchers.vouchers(rows.map((r) => r.voucherId).filter((id) => typeof id === 'string'));
    const approvals = new Map<string, ProducerApproval | null>();
    const approvalOf = async (typeId: string) => {
      if (!approvals.has(typeId)) approvals.set(typeId, await this.vouchers.approval(typeId, producerId));
      return approvals.get(typeId)!;
    };
    const approvedMonths = new Map<string, boolean>();
    /** Ids this report recorded, as the read model may not show them yet. */
    const seen = new Map<string, string>();
    for (const [index, row] of rows.entries()) {
      const refuse = (code: string, message: string) =>
        result.errors.push({
          row: index + 1,
          producerSideId: isCleanText(row.producerSideId) && row.producerSideId ? row.producerSideId : null,
          code,
          message,
        });
      const problem = rowProblem(row);
      if (problem) {
        refuse(problem.code, problem.message);
        continue;
      }
      try {
        const named = seen.get(row.producerSideId) ?? (await this.vouchers.voucherOfVisit(producerId, row.producerSideId));
        if (named !== null && named !== row.voucherId) {
          refuse(
            'REDEMPTION_ID_CONFLICT',
            `producerSideId ${row.producerSideId} is already a visit of another voucher; send a new id for a new visit`,
          );
          continue;
        }
        const voucher = vouchers.get(row.voucherId);
        if (!voucher) {
          refuse('VOUCHER_NOT_FOUND', `no voucher ${row.voucherId}`);
          continue;
        }
        const date = LocalDate.parse(row.date);
        const outcome = await this.pipeline.execute(
          vouchersStream,
          {
            type: 'RedeemVoucherVisit',
            voucherId: row.voucherId,
            producerId,
            producerSideId: row.producerSideId,
            date,
            today,
            producerStatusOnDate: producerStatusOn(await approvalOf(voucher.voucherTypeId), date),
          },
          partOf(envelope, `row-${index}`),
        );
        if (outcome.events.length === 0) {
          result.duplicates += 1;
          continue;
        }
        seen.set(row.producerSideId, row.voucherId);
        result.recorded += 1;
        if (outcome.events.some((e) => e.type === 'VoucherUsedUp')) result.usedUp += 1;
        const month = YearMonth.ofDate(date);
        if (!approvedMonths.has(month)) approvedMonths.set(month, await this.readModel.isApproved(producerId, month));
        if (approvedMonths.get(month)) result.adjustments += 1;
      } catch (error) {
        // A row's refusal by the decider (VISITS_USED_UP, VOUCHER_EXPIRED, …) is that row's answer, not the report's.
        if (!isDomainError(error)) throw error;
        refuse(error.code, error.message);
      }
    }
    return result;
  }
}

/** What can be said of a row before any voucher is read; the codes match the service reports' where they mean the same. */
function rowProblem(row: VoucherVisitRow): { code: string; message: string } | null {
  for (const field of ['producerSideId', 'voucherId'] as const) {
    const value: unknown = row[field];
    if (typeof value !== 'string' || isCleanText(value)) continue;
    if (hasIdentityCodeShape(value))
      return { code: 'IDENTITY_CODE_IN_FIELD', message: `${field} contains something shaped like a personal identity code` };
    return { code: 'INVALID_CHARACTERS', message: `${field} contains a control character or an unpaired surrogate` };
  }
  if (typeof row.producerSideId !== 'string' || !row.producerSideId.trim() || row.producerSideId.length > 100)
    return { code: 'MISSING_PRODUCER_SIDE_ID', message: 'producerSideId is required (at most 100 characters)' };
  if (typeof row.voucherId !== 'string' || !row.voucherId.trim()) return { code: 'VOUCHER_NOT_FOUND', message: 'voucherId is required' };
  if (typeof row.date !== 'string' || !LocalDate.isValid(row.date))
    return { code: 'INVALID_DATE', message: 'date must be an existing calendar date as YYYY-MM-DD' };
  return null;
}
