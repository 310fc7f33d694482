import { topicOf, type CloudEvent } from '@luotsi/contracts';
import type { CommandRequest } from '@luotsi/messaging';
import type { ConsumesDeclaration } from '@luotsi/runtime';
import { planStreams } from '../client-plans.streams';
import { readVoucherGranted, readVoucherProgress } from './billing-events';

/**
 * A service voucher billing grants appears in the person's plan, among its services, when the
 * person has an open plan (the decider writes nothing otherwise), and follows what billing says of
 * it later: under way once a producer is chosen, cancelled when refused, completed when used up.
 * The platform derives the event ids from the CloudEvent's id and the service id is the voucher's,
 * so a redelivery writes nothing.
 */
export const billingInbound: ConsumesDeclaration = {
  name: 'billing-vouchers',
  topic: topicOf('billing'),
  inject: [],
  async handle(event: CloudEvent): Promise<CommandRequest[]> {
    const progress = readVoucherProgress(event);
    if (progress)
      return [
        {
          stream: planStreams,
          command: {
            type: 'RecordVoucherProgress',
            personRef: progress.personRef,
            voucherId: progress.voucherId,
            progress: progress.progress,
            on: progress.on,
          },
        },
      ];
    const voucher = readVoucherGranted(event);
    if (!voucher) return [];
    return [
      {
        stream: planStreams,
        command: {
          type: 'RecordGrantedVoucher',
          personRef: voucher.personRef,
          voucherId: voucher.voucherId,
          voucherService: voucher.service,
          grantedOn: voucher.validFrom,
          validUntil: voucher.validUntil,
          grantedBy: voucher.grantedBy,
        },
      },
    ];
  },
};
