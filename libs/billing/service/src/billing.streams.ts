import { LocalDate } from '@luotsi/kernel';
import type { StreamDeclaration } from '@luotsi/eventstore';
import {
  clientFeeDecider,
  clientFeeStream,
  observedDecider,
  observedStream,
  ratesDecider,
  RATES_STREAM,
  serviceDecider,
  serviceStream,
  settlementDecider,
  settlementStream,
  type ClientFeeCommand,
  type ClientFeeEvent,
  type ClientFeeState,
  type ObserveCommand,
  type ObservedEvent,
  type ObservedState,
  type RatesCommand,
  type RatesEvent,
  type RatesState,
  type ServiceCommand,
  type ServiceEvent,
  type ServiceState,
  type SettlementCommand,
  type SettlementEvent,
  type SettlementState,
  voucherDecider,
  voucherStream,
  voucherTypeDecider,
  voucherTypeStream,
  type VoucherCommand,
  type VoucherEvent,
  type VoucherState,
  type VoucherTypeCommand,
  type VoucherTypeEvent,
  type VoucherTypeState,
} from '@luotsi/billing-domain';

/** The county's rate tables: one stream, every version of every table. */
export const ratesStream: StreamDeclaration<RatesCommand, RatesEvent, RatesState> = {
  category: 'rates',
  decider: ratesDecider,
  streamId: () => RATES_STREAM,
};

/** One reported service per stream, named by the provider-side id. */
export const servicesStream: StreamDeclaration<ServiceCommand, ServiceEvent, ServiceState> = {
  category: 'service',
  decider: serviceDecider,
  streamId: (c) => serviceStream(c.providerId, c.providerSideId),
};

/** A person's client fees of one year, against that year's cap. */
export const clientFeesStream: StreamDeclaration<ClientFeeCommand, ClientFeeEvent, ClientFeeState> = {
  category: 'clientfees',
  decider: clientFeeDecider,
  streamId: (c) =>
    c.type === 'MoveVisit'
      ? clientFeeStream(c.accountRef, c.year)
      : clientFeeStream(c.accountRef ?? c.personRef, LocalDate.parts(c.date).year),
};

/** A provider's settlement of one month. */
export const settlementsStream: StreamDeclaration<SettlementCommand, SettlementEvent, SettlementState> = {
  category: 'settlement',
  decider: settlementDecider,
  streamId: (c) => settlementStream(c.providerId, c.month),
};

/** What billing observed of provider choice: one stream per provider, one per person's listings (one decider, two categories). */
export const observedProvidersStream: StreamDeclaration<ObserveCommand, ObservedEvent, ObservedState> = {
  category: 'blprovider',
  decider: observedDecider,
  streamId: observedStream,
};
export const observedListingsStream: StreamDeclaration<ObserveCommand, ObservedEvent, ObservedState> = {
  category: 'blisting',
  decider: observedDecider,
  streamId: observedStream,
};

export const observedGuardianshipsStream: StreamDeclaration<ObserveCommand, ObservedEvent, ObservedState> = {
  category: 'blguardian',
  decider: observedDecider,
  streamId: observedStream,
};

/** A voucher type: its versions and the producers approved for it. */
export const voucherTypesStream: StreamDeclaration<VoucherTypeCommand, VoucherTypeEvent, VoucherTypeState> = {
  category: 'vouchertype',
  decider: voucherTypeDecider,
  streamId: (c) => voucherTypeStream(c.voucherTypeId),
};

/** One granted voucher: its choice and every visit given against it. */
export const vouchersStream: StreamDeclaration<VoucherCommand, VoucherEvent, VoucherState> = {
  category: 'voucher',
  decider: voucherDecider,
  streamId: (c) => voucherStream(c.voucherId),
};

export const BILLING_STREAMS = [
  ratesStream,
  servicesStream,
  clientFeesStream,
  settlementsStream,
  observedProvidersStream,
  observedListingsStream,
  observedGuardianshipsStream,
  voucherTypesStream,
  vouchersStream,
];
