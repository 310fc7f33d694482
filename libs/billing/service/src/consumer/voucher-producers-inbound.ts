import { topicOf, type CloudEvent } from '@luotsi/contracts';
import type { CommandRequest } from '@luotsi/messaging';
import type { ConsumesDeclaration } from '@luotsi/runtime';
import { voucherTypesStream } from '../billing.streams';
import { BillingReadModel } from '../read-model/billing-read-model';
import { VoucherReadModel } from '../read-model/voucher-read-model';
import { readProviderStanding } from './provider-choice-events';

/**
 * A producer that is also a primary-care provider stands in its voucher approvals as it stands in
 * provider choice: suspended there, suspended for every voucher type from the same date;
 * terminated, ended (its persons choose again); approved again, resumed. The commands go to the
 * voucher types' own streams, so billing's log holds the decision and the read models rebuild
 * from it; each command is idempotent, so a redelivered event changes nothing.
 */
export const voucherProducersInbound: ConsumesDeclaration = {
  name: 'voucher-producers',
  topic: topicOf('provider-choice'),
  inject: [BillingReadModel, VoucherReadModel],
  async handle(event: CloudEvent, readModel: BillingReadModel, vouchers: VoucherReadModel): Promise<CommandRequest[]> {
    const standing = readProviderStanding(event);
    if (!standing) return [];
    await readModel.caughtUp();
    const decidedBy = `provider-choice:${event.id}`;
    return (await vouchers.approvalsOf(standing.providerId))
      .filter((a) => a.endedFrom === null)
      .map((a): CommandRequest => {
        const base = { voucherTypeId: a.voucherTypeId, producerId: a.producerId, from: standing.from, decidedBy };
        switch (standing.kind) {
          case 'approved':
            return { stream: voucherTypesStream, command: { type: 'ResumeVoucherProducer', ...base } };
          case 'suspended':
            return { stream: voucherTypesStream, command: { type: 'SuspendVoucherProducer', ...base, reason: standing.reason } };
          case 'terminated':
            return { stream: voucherTypesStream, command: { type: 'EndVoucherProducer', ...base, reason: standing.reason } };
        }
      });
  },
};
