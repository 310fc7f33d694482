import type { ContextContract, IntegrationEventDefinition } from '@luotsi/contracts';
import type { ClientFeeEvent, RatesEvent, ServiceEvent, SettlementEvent, VoucherEvent, VoucherTypeEvent } from '@luotsi/billing-domain';

// JSON-schema building blocks (draft 2020-12 subset that AsyncAPI accepts); the platform's own are
// private to its contracts library.
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Europe/Helsinki business date' } as const;
const month = { type: 'string', pattern: '^\\d{4}-\\d{2}$' } as const;
const personRef = {
  type: 'string',
  pattern: '^per_[a-z0-9-]{26,36}$',
  description: 'Opaque person reference; never a personal identity code',
} as const;
const id = { type: 'string', minLength: 1, maxLength: 100 } as const;
const cents = { type: 'integer', description: 'Euro cents' } as const;
const text = { type: 'string' } as const;
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
const object = (properties: Record<string, unknown>, optional: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties),
  properties: { ...properties, ...optional },
});

type DomainEvent = RatesEvent | ServiceEvent | ClientFeeEvent | SettlementEvent | VoucherTypeEvent | VoucherEvent;
type DataOf<T extends DomainEvent['type']> = Extract<DomainEvent, { type: T }>['data'];

/**
 * The public form of every billing event, field by field: nothing is published as stored, so a
 * field added to a domain event stays inside billing until it is added here, to the schema and,
 * if it changes the meaning, to a new version.
 */
export const BILLING_PUBLIC_MAPPING = {
  CapitationRatesSet: (d: DataOf<'CapitationRatesSet'>) => ({
    validFrom: d.validFrom,
    annualCentsByAgeBand: d.annualCentsByAgeBand,
    sexFactors: d.sexFactors ?? null,
    needCoefficients: d.needCoefficients,
    setBy: d.setBy,
  }),
  ServiceFeesSet: (d: DataOf<'ServiceFeesSet'>) => ({ validFrom: d.validFrom, centsByServiceType: d.centsByServiceType, setBy: d.setBy }),
  ClientFeesSet: (d: DataOf<'ClientFeesSet'>) => ({
    validFrom: d.validFrom,
    centsByServiceType: d.centsByServiceType,
    countsTowardCap: d.countsTowardCap,
    annualCapCents: d.annualCapCents,
    setBy: d.setBy,
  }),
  ServiceRecorded: (d: DataOf<'ServiceRecorded'>) => ({
    providerId: d.providerId,
    providerSideId: d.providerSideId,
    personRef: d.personRef,
    serviceType: d.serviceType,
    date: d.date,
    stationId: d.stationId,
    noShow: d.noShow,
    listedAtReport: d.listedAtReport,
  }),
  AdjustmentRecorded: (d: DataOf<'AdjustmentRecorded'>) => ({
    providerId: d.providerId,
    providerSideId: d.providerSideId,
    correctsMonth: d.correctsMonth,
    serviceType: d.serviceType,
  }),
  ClientFeeCharged: (d: DataOf<'ClientFeeCharged'>) => ({
    personRef: d.personRef,
    year: d.year,
    visitId: d.visitId,
    date: d.date,
    serviceType: d.serviceType,
    listPriceCents: d.listPriceCents,
    chargedCents: d.chargedCents,
    countsTowardCap: d.countsTowardCap,
    accumulatedCents: d.accumulatedCents,
    // Optional (added with fee accounts): events written before them carry neither.
    ...(d.accountRef !== undefined ? { accountRef: d.accountRef } : {}),
    ...(d.capCents !== undefined ? { capCents: d.capCents } : {}),
  }),
  ClientFeeCorrected: (d: DataOf<'ClientFeeCorrected'>) => ({
    personRef: d.personRef,
    accountRef: d.accountRef,
    year: d.year,
    visitId: d.visitId,
    date: d.date,
    serviceType: d.serviceType,
    kind: d.kind,
    amountCents: d.amountCents,
    netChargedCents: d.netChargedCents,
    countsTowardCap: d.countsTowardCap,
    causedByVisitId: d.causedByVisitId,
    ...(d.movedToAccountRef !== undefined ? { movedToAccountRef: d.movedToAccountRef } : {}),
  }),
  FeeCapReopened: (d: DataOf<'FeeCapReopened'>) => ({
    personRef: d.personRef,
    year: d.year,
    previouslyReachedOn: d.previouslyReachedOn,
    causedByVisitId: d.causedByVisitId,
  }),
  FeeCapReached: (d: DataOf<'FeeCapReached'>) => ({
    personRef: d.personRef,
    year: d.year,
    reachedOn: d.reachedOn,
    capCents: d.capCents,
    ...(d.crossingVisitId !== undefined ? { crossingVisitId: d.crossingVisitId } : {}),
    ...(d.correctsReachedOn !== undefined ? { correctsReachedOn: d.correctsReachedOn } : {}),
  }),
  SettlementCalculated: (d: DataOf<'SettlementCalculated'>) => ({
    providerId: d.providerId,
    month: d.month,
    calculatedBy: d.calculatedBy,
    calculatedOn: d.calculatedOn,
    lines: d.lines,
    totalCents: d.totalCents,
    unlistedServices: d.unlistedServices,
    adjustedServices: d.adjustedServices,
    inputPosition: d.inputPosition,
  }),
  SettlementApproved: (d: DataOf<'SettlementApproved'>) => ({
    providerId: d.providerId,
    month: d.month,
    approvedBy: d.approvedBy,
    approvedOn: d.approvedOn,
    totalCents: d.totalCents,
  }),
  SettlementExported: (d: DataOf<'SettlementExported'>) => ({
    providerId: d.providerId,
    month: d.month,
    exportedBy: d.exportedBy,
    exportedOn: d.exportedOn,
    format: d.format,
  }),
  VoucherTypeSet: (d: DataOf<'VoucherTypeSet'>) => ({
    voucherTypeId: d.voucherTypeId,
    validFrom: d.validFrom,
    service: d.service,
    name: d.name,
    value: d.value,
    validityDays: d.validityDays,
    visits: d.visits,
    setBy: d.setBy,
  }),
  VoucherProducerApproved: (d: DataOf<'VoucherProducerApproved'>) => ({
    voucherTypeId: d.voucherTypeId,
    producerId: d.producerId,
    priceCents: d.priceCents,
    ownership: d.ownership,
    approvedFrom: d.approvedFrom,
    decidedBy: d.decidedBy,
  }),
  VoucherProducerSuspended: (d: DataOf<'VoucherProducerSuspended'>) => ({
    voucherTypeId: d.voucherTypeId,
    producerId: d.producerId,
    from: d.from,
    reason: d.reason,
    decidedBy: d.decidedBy,
  }),
  VoucherProducerResumed: (d: DataOf<'VoucherProducerResumed'>) => ({
    voucherTypeId: d.voucherTypeId,
    producerId: d.producerId,
    from: d.from,
    decidedBy: d.decidedBy,
  }),
  VoucherProducerEnded: (d: DataOf<'VoucherProducerEnded'>) => ({
    voucherTypeId: d.voucherTypeId,
    producerId: d.producerId,
    from: d.from,
    reason: d.reason,
    decidedBy: d.decidedBy,
  }),
  // The grant's reason stays inside billing: it may describe the person's health, and consumers
  // (client plans) need only which service was granted.
  VoucherGranted: (d: DataOf<'VoucherGranted'>) => ({
    voucherId: d.voucherId,
    personRef: d.personRef,
    voucherTypeId: d.voucherTypeId,
    service: d.service,
    municipality: d.municipality,
    valueCents: d.valueCents,
    visits: d.visits,
    validFrom: d.validFrom,
    validUntil: d.validUntil,
    grantedBy: d.grantedBy,
  }),
  VoucherRefused: (d: DataOf<'VoucherRefused'>) => ({
    voucherId: d.voucherId,
    personRef: d.personRef,
    channel: d.channel,
    refusedOn: d.refusedOn,
  }),
  VoucherProducerChosen: (d: DataOf<'VoucherProducerChosen'>) => ({
    voucherId: d.voucherId,
    personRef: d.personRef,
    voucherTypeId: d.voucherTypeId,
    producerId: d.producerId,
    priceCents: d.priceCents,
    channel: d.channel,
    chosenOn: d.chosenOn,
    replacesProducerId: d.replacesProducerId,
  }),
  VoucherVisitRedeemed: (d: DataOf<'VoucherVisitRedeemed'>) => ({
    voucherId: d.voucherId,
    personRef: d.personRef,
    voucherTypeId: d.voucherTypeId,
    municipality: d.municipality,
    producerId: d.producerId,
    producerSideId: d.producerSideId,
    date: d.date,
    visitNumber: d.visitNumber,
    valueCents: d.valueCents,
    priceCents: d.priceCents,
    paidCents: d.paidCents,
    clientShareCents: d.clientShareCents,
  }),
  VoucherUsedUp: (d: DataOf<'VoucherUsedUp'>) => ({ voucherId: d.voucherId, personRef: d.personRef, on: d.on }),
} satisfies { [T in DomainEvent['type']]: (d: DataOf<T>) => Record<string, unknown> };
export type BillingPublicMapping = typeof BILLING_PUBLIC_MAPPING;

/** An event definition whose toPublic is the mapping of its domain type. */
const event = <T extends DomainEvent['type']>(
  domainType: T,
  def: Omit<IntegrationEventDefinition, 'domainType' | 'toPublic'>,
): IntegrationEventDefinition => ({
  domainType,
  ...def,
  toPublic: (data) => (BILLING_PUBLIC_MAPPING[domainType] as (d: DataOf<T>) => Record<string, unknown>)(data as DataOf<T>),
});

const serviceType = {
  enum: ['doctor-visit', 'nurse-visit', 'physiotherapy-session', 'mental-health-substance-visit', 'social-guidance-meeting'],
};
const byServiceType = (value: object) => object(Object.fromEntries(serviceType.enum.map((t) => [t, value])));
const ageBands = ['0-6', '7-17', '18-64', '65-74', '75-84', '85+'];
const line = {
  type: 'object',
  required: ['kind', 'amountCents', 'unitCents'],
  properties: {
    kind: { enum: ['capitation', 'service', 'adjustment', 'voucher', 'voucher-adjustment'] },
    voucherTypeId: { type: 'string' },
    ageBand: { enum: ageBands },
    sex: nullable({ enum: ['male', 'female'] }),
    needCoefficient: { type: 'number' },
    clients: { type: 'integer' },
    serviceType,
    count: { type: 'integer' },
    correctsMonth: month,
    unitCents: cents,
    amountCents: cents,
  },
};
const ref = 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11';
const voucherService = {
  enum: ['physiotherapy-series', 'social-rehabilitation', 'follow-up-visit', 'mental-health-therapy', 'oral-health-care', 'home-care'],
};
const voucherValue = {
  anyOf: [
    object({ kind: { const: 'fixed' }, cents }),
    object({
      kind: { const: 'income-steps' },
      steps: { type: 'array', items: object({ fromMonthlyIncomeCents: cents, cents }) },
    }),
  ],
};
const channel = { enum: ['portal', 'phone', 'in-person'] };
const producerDecision = (extra: Record<string, unknown> = {}) =>
  object({ voucherTypeId: id, producerId: id, from: date, ...extra, decidedBy: text });
const fees = {
  'doctor-visit': 4500,
  'nurse-visit': 2500,
  'physiotherapy-session': 3500,
  'mental-health-substance-visit': 4000,
  'social-guidance-meeting': 3000,
};

/**
 * billing publishes rate changes, recorded services, client fees, settlements and service vouchers on
 * `luotsi.billing.v1`, keyed by stream id. Amounts are integer euro cents.
 */
export const billingContract: ContextContract = {
  context: 'billing',
  categories: ['rates', 'service', 'clientfees', 'settlement', 'vouchertype', 'voucher'],
  partitions: 6,
  retentionMs: -1,
  events: [
    event('CapitationRatesSet', {
      name: 'capitation-rates-set',
      version: 1,
      summary: 'Finance set the annual capitation per age band from validFrom.',
      schema: object({
        validFrom: date,
        annualCentsByAgeBand: object(Object.fromEntries(ageBands.map((b) => [b, cents]))),
        sexFactors: nullable(object({ male: { type: 'number' }, female: { type: 'number' } })),
        needCoefficients: { type: 'object', additionalProperties: { type: 'number' } },
        setBy: text,
      }),
      example: {
        validFrom: '2027-01-01',
        annualCentsByAgeBand: { '0-6': 60000, '7-17': 36000, '18-64': 30000, '65-74': 48000, '75-84': 72000, '85+': 96000 },
        sexFactors: null,
        needCoefficients: {},
        setBy: 'finance:eeva',
      },
    }),
    event('ServiceFeesSet', {
      name: 'service-fees-set',
      version: 1,
      summary: 'Finance set the per-service fees paid to providers from validFrom.',
      schema: object({ validFrom: date, centsByServiceType: byServiceType(cents), setBy: text }),
      example: { validFrom: '2027-01-01', centsByServiceType: fees, setBy: 'finance:eeva' },
    }),
    event('ClientFeesSet', {
      name: 'client-fees-set',
      version: 1,
      summary: 'Finance set the client fees, which count toward the cap, and the annual cap from validFrom.',
      schema: object({
        validFrom: date,
        centsByServiceType: byServiceType(cents),
        countsTowardCap: byServiceType({ type: 'boolean' }),
        annualCapCents: cents,
        setBy: text,
      }),
      example: {
        validFrom: '2027-01-01',
        centsByServiceType: fees,
        countsTowardCap: {
          'doctor-visit': true,
          'nurse-visit': true,
          'physiotherapy-session': true,
          'mental-health-substance-visit': true,
          'social-guidance-meeting': false,
        },
        annualCapCents: 81500,
        setBy: 'finance:eeva',
      },
    }),
    event('ServiceRecorded', {
      name: 'service-recorded',
      version: 1,
      summary: 'A provider reported a delivered (or missed) service.',
      schema: object({
        providerId: id,
        providerSideId: id,
        personRef,
        serviceType,
        date,
        stationId: id,
        noShow: { type: 'boolean' },
        listedAtReport: { type: 'boolean' },
      }),
      example: {
        providerId: 'mehilainen',
        providerSideId: 'M-2027-000123',
        personRef: ref,
        serviceType: 'doctor-visit',
        date: '2027-03-09',
        stationId: 'mehilainen-hervanta',
        noShow: false,
        listedAtReport: true,
      },
    }),
    event('AdjustmentRecorded', {
      name: 'adjustment-recorded',
      version: 1,
      summary: 'A service of an already approved month arrived; it becomes an adjustment line in the next settlement.',
      schema: object({ providerId: id, providerSideId: id, correctsMonth: month, serviceType }),
      example: { providerId: 'mehilainen', providerSideId: 'M-2027-000123', correctsMonth: '2027-02', serviceType: 'doctor-visit' },
    }),
    event('ClientFeeCharged', {
      name: 'client-fee-charged',
      version: 1,
      summary:
        "The county charged a client fee for a visit (zero once the annual cap is reached). personRef is whose visit it was; accountRef (optional, added later) the holder of the cap it counted toward: a guardian's for a minor's visit. accumulatedCents is the account's counted total after the visit in date order.",
      schema: object(
        {
          personRef,
          year: { type: 'integer' },
          visitId: id,
          date,
          serviceType,
          listPriceCents: cents,
          chargedCents: cents,
          countsTowardCap: { type: 'boolean' },
          accumulatedCents: cents,
        },
        { accountRef: personRef, capCents: cents },
      ),
      example: {
        personRef: ref,
        year: 2027,
        visitId: 'service-mehilainen:TS0yMDI3',
        date: '2027-03-09',
        serviceType: 'doctor-visit',
        listPriceCents: 2390,
        chargedCents: 2390,
        countsTowardCap: true,
        accumulatedCents: 2390,
        accountRef: ref,
        capCents: 81500,
      },
    }),
    event('ClientFeeCorrected', {
      name: 'client-fee-corrected',
      version: 1,
      summary:
        'A visit reported late was placed in date order and changed what an earlier-charged visit owes: a refund (negative amountCents) or a further charge, naming the visit it corrects (visitId) and the late visit that caused it, and whether it counts toward the cap.',
      schema: object(
        {
          personRef,
          accountRef: personRef,
          year: { type: 'integer' },
          visitId: id,
          date,
          serviceType,
          kind: { enum: ['refund', 'further-charge'] },
          amountCents: cents,
          netChargedCents: cents,
          countsTowardCap: { type: 'boolean' },
          causedByVisitId: id,
        },
        { movedToAccountRef: personRef },
      ),
      example: {
        personRef: ref,
        accountRef: ref,
        year: 2027,
        visitId: 'service-mehilainen:TS0yMDI3',
        date: '2027-02-10',
        serviceType: 'doctor-visit',
        kind: 'refund',
        amountCents: -1350,
        netChargedCents: 1040,
        countsTowardCap: true,
        causedByVisitId: 'service-mehilainen:TS0yMDI4',
      },
    }),
    event('FeeCapReopened', {
      name: 'fee-cap-reopened',
      version: 1,
      summary:
        "A visit left the account (it belonged to another holder's cap) and the account's counted total fell below the cap again: counted fees are charged again from the date the cap was reported reached.",
      schema: object({ personRef, year: { type: 'integer' }, previouslyReachedOn: date, causedByVisitId: id }),
      example: { personRef: ref, year: 2027, previouslyReachedOn: '2027-09-14', causedByVisitId: 'service-mehilainen:TS0yMDI3' },
    }),
    event('FeeCapReached', {
      name: 'fee-cap-reached',
      version: 1,
      summary:
        "An account's counted fees reached the annual client-fee cap (personRef is the account holder). Reported again, with correctsReachedOn, when a late visit moves the crossing to another visit in date order.",
      schema: object(
        { personRef, year: { type: 'integer' }, reachedOn: date, capCents: cents },
        { crossingVisitId: id, correctsReachedOn: date },
      ),
      example: {
        personRef: ref,
        year: 2027,
        reachedOn: '2027-09-14',
        capCents: 81500,
        crossingVisitId: 'service-mehilainen:TS0yMDI3',
        correctsReachedOn: '2027-09-20',
      },
    }),
    event('SettlementCalculated', {
      name: 'settlement-calculated',
      version: 1,
      summary: "A provider's monthly settlement was calculated (a draft until approved).",
      schema: object({
        providerId: id,
        month,
        calculatedBy: text,
        calculatedOn: date,
        lines: { type: 'array', items: line },
        totalCents: cents,
        unlistedServices: { type: 'integer' },
        adjustedServices: { type: 'array', items: text },
        inputPosition: { type: 'integer' },
      }),
      example: {
        providerId: 'mehilainen',
        month: '2027-03',
        calculatedBy: 'finance:eeva',
        calculatedOn: '2027-04-02',
        lines: [{ kind: 'capitation', ageBand: '18-64', sex: null, needCoefficient: 1, clients: 2, unitCents: 2500, amountCents: 5000 }],
        totalCents: 5000,
        unlistedServices: 0,
        adjustedServices: [],
        inputPosition: 1234,
      },
    }),
    event('SettlementApproved', {
      name: 'settlement-approved',
      version: 1,
      summary: 'A second person in finance approved the settlement; it never changes after this.',
      schema: object({ providerId: id, month, approvedBy: text, approvedOn: date, totalCents: cents }),
      example: { providerId: 'mehilainen', month: '2027-03', approvedBy: 'finance:olli', approvedOn: '2027-04-03', totalCents: 5000 },
    }),
    event('SettlementExported', {
      name: 'settlement-exported',
      version: 1,
      summary: 'An approved settlement was exported for payment.',
      schema: object({ providerId: id, month, exportedBy: text, exportedOn: date, format: { enum: ['csv', 'json'] } }),
      example: { providerId: 'mehilainen', month: '2027-03', exportedBy: 'finance:olli', exportedOn: '2027-04-04', format: 'csv' },
    }),
    event('VoucherTypeSet', {
      name: 'voucher-type-set',
      version: 1,
      summary:
        'The county set a version of a service-voucher type from validFrom: the service, its value (fixed or by income steps), validity and visits.',
      schema: object({
        voucherTypeId: id,
        validFrom: date,
        service: voucherService,
        name: text,
        value: voucherValue,
        validityDays: { type: 'integer' },
        visits: { type: 'integer' },
        setBy: text,
      }),
      example: {
        voucherTypeId: 'physio-hip',
        validFrom: '2027-01-01',
        service: 'physiotherapy-series',
        name: 'Physiotherapy series after a hip replacement',
        value: { kind: 'fixed', cents: 5000 },
        validityDays: 90,
        visits: 10,
        setBy: 'county:anna',
      },
    }),
    event('VoucherProducerApproved', {
      name: 'voucher-producer-approved',
      version: 1,
      summary: 'The county approved a producer for a voucher type from approvedFrom, at its price per visit.',
      schema: object({
        voucherTypeId: id,
        producerId: id,
        priceCents: cents,
        ownership: { enum: ['public', 'private'] },
        approvedFrom: date,
        decidedBy: text,
      }),
      example: {
        voucherTypeId: 'physio-hip',
        producerId: 'fysio-oy',
        priceCents: 6200,
        ownership: 'private',
        approvedFrom: '2027-01-01',
        decidedBy: 'county:anna',
      },
    }),
    event('VoucherProducerSuspended', {
      name: 'voucher-producer-suspended',
      version: 1,
      summary: "A producer's approval for a voucher type was suspended from a date: it cannot be chosen nor give visits until resumed.",
      schema: producerDecision({ reason: text }),
      example: { voucherTypeId: 'physio-hip', producerId: 'fysio-oy', from: '2027-03-01', reason: 'audit', decidedBy: 'county:anna' },
    }),
    event('VoucherProducerResumed', {
      name: 'voucher-producer-resumed',
      version: 1,
      summary: "A producer's suspended approval for a voucher type applies again from a date.",
      schema: producerDecision(),
      example: { voucherTypeId: 'physio-hip', producerId: 'fysio-oy', from: '2027-03-15', decidedBy: 'county:anna' },
    }),
    event('VoucherProducerEnded', {
      name: 'voucher-producer-ended',
      version: 1,
      summary: "A producer's approval for a voucher type ended from a date; the persons who chose it choose again.",
      schema: producerDecision({ reason: text }),
      example: {
        voucherTypeId: 'physio-hip',
        producerId: 'fysio-oy',
        from: '2027-04-01',
        reason: 'contract ended',
        decidedBy: 'county:anna',
      },
    }),
    event('VoucherGranted', {
      name: 'voucher-granted',
      version: 1,
      summary:
        'A worker granted a person a service voucher: its type and service, value, visits and validity (the reason stays in billing).',
      schema: object({
        voucherId: id,
        personRef,
        voucherTypeId: id,
        service: voucherService,
        municipality: { type: 'string', pattern: '^\\d{3}$' },
        valueCents: cents,
        visits: { type: 'integer' },
        validFrom: date,
        validUntil: date,
        grantedBy: text,
      }),
      example: {
        voucherId: 'vch-3f1c2a9e-8b1d-4c4e-9f0a-2b7d6e5c4a31',
        personRef: ref,
        voucherTypeId: 'physio-hip',
        service: 'physiotherapy-series',
        municipality: '837',
        valueCents: 5000,
        visits: 10,
        validFrom: '2027-01-20',
        validUntil: '2027-04-19',
        grantedBy: 'guidance:gunilla',
      },
    }),
    event('VoucherRefused', {
      name: 'voucher-refused',
      version: 1,
      summary: 'The person refused a voucher; the service is arranged otherwise.',
      schema: object({ voucherId: id, personRef, channel, refusedOn: date }),
      example: { voucherId: 'vch-3f1c2a9e-8b1d-4c4e-9f0a-2b7d6e5c4a31', personRef: ref, channel: 'portal', refusedOn: '2027-01-21' },
    }),
    event('VoucherProducerChosen', {
      name: 'voucher-producer-chosen',
      version: 1,
      summary:
        'The person chose a producer for a voucher (in the portal, or through a worker by phone or in person); replacesProducerId names the producer chosen before, whose approval ended.',
      schema: object({
        voucherId: id,
        personRef,
        voucherTypeId: id,
        producerId: id,
        priceCents: cents,
        channel,
        chosenOn: date,
        replacesProducerId: nullable(id),
      }),
      example: {
        voucherId: 'vch-3f1c2a9e-8b1d-4c4e-9f0a-2b7d6e5c4a31',
        personRef: ref,
        voucherTypeId: 'physio-hip',
        producerId: 'fysio-oy',
        priceCents: 6200,
        channel: 'phone',
        chosenOn: '2027-01-22',
        replacesProducerId: null,
      },
    }),
    event('VoucherVisitRedeemed', {
      name: 'voucher-visit-redeemed',
      version: 1,
      summary:
        'A producer reported a visit given against a voucher: the county pays paidCents (the value, or the lower price); the person pays clientShareCents to the producer, which does not count toward the client-fee cap.',
      schema: object({
        voucherId: id,
        personRef,
        voucherTypeId: id,
        municipality: text,
        producerId: id,
        producerSideId: id,
        date,
        visitNumber: { type: 'integer' },
        valueCents: cents,
        priceCents: cents,
        paidCents: cents,
        clientShareCents: cents,
      }),
      example: {
        voucherId: 'vch-3f1c2a9e-8b1d-4c4e-9f0a-2b7d6e5c4a31',
        personRef: ref,
        voucherTypeId: 'physio-hip',
        municipality: '837',
        producerId: 'fysio-oy',
        producerSideId: 'F-2027-0042',
        date: '2027-02-03',
        visitNumber: 1,
        valueCents: 5000,
        priceCents: 6200,
        paidCents: 5000,
        clientShareCents: 1200,
      },
    }),
    event('VoucherUsedUp', {
      name: 'voucher-used-up',
      version: 1,
      summary: 'The last visit a voucher covers was given.',
      schema: object({ voucherId: id, personRef, on: date }),
      example: { voucherId: 'vch-3f1c2a9e-8b1d-4c4e-9f0a-2b7d6e5c4a31', personRef: ref, on: '2027-04-02' },
    }),
  ],
};
