import type { ContextContract } from '../integration-contract';
import { cents, date, id, month, nullable, object, personRef, text } from './schema-parts';

const serviceType = { enum: ['doctor-visit', 'nurse-visit', 'physiotherapy-session', 'mental-health-substance-visit', 'social-guidance-meeting'] };
const byServiceType = (value: object) => object(Object.fromEntries(serviceType.enum.map((t) => [t, value])));
const ageBands = ['0-6', '7-17', '18-64', '65-74', '75-84', '85+'];
const line = {
  type: 'object',
  required: ['kind', 'amountCents', 'unitCents'],
  properties: {
    kind: { enum: ['capitation', 'service', 'adjustment'] }, ageBand: { enum: ageBands }, sex: nullable({ enum: ['male', 'female'] }), needCoefficient: { type: 'number' },
    clients: { type: 'integer' }, serviceType, count: { type: 'integer' }, correctsMonth: month, unitCents: cents, amountCents: cents,
  },
};
const ref = 'per_0b6e1a6c-2f7e-4c1e-9d7a-3a1f0c2b9e11';
const fees = { 'doctor-visit': 4500, 'nurse-visit': 2500, 'physiotherapy-session': 3500, 'mental-health-substance-visit': 4000, 'social-guidance-meeting': 3000 };

/**
 * billing publishes rate changes, recorded services, client fees and settlements on
 * `luotsi.billing.v1`, keyed by stream id. Amounts are integer euro cents.
 */
export const billingContract: ContextContract = {
  context: 'billing',
  categories: ['rates', 'service', 'clientfees', 'settlement'],
  partitions: 6,
  retentionMs: -1,
  events: [
    {
      domainType: 'CapitationRatesSet', name: 'capitation-rates-set', version: 1, summary: 'Finance set the annual capitation per age band from validFrom.',
      schema: object({ validFrom: date, annualCentsByAgeBand: object(Object.fromEntries(ageBands.map((b) => [b, cents]))), sexFactors: nullable(object({ male: { type: 'number' }, female: { type: 'number' } })), needCoefficients: { type: 'object', additionalProperties: { type: 'number' } }, setBy: text }),
      example: { validFrom: '2027-01-01', annualCentsByAgeBand: { '0-6': 60000, '7-17': 36000, '18-64': 30000, '65-74': 48000, '75-84': 72000, '85+': 96000 }, sexFactors: null, needCoefficients: {}, setBy: 'finance:eeva' },
    },
    {
      domainType: 'ServiceFeesSet', name: 'service-fees-set', version: 1, summary: 'Finance set the per-service fees paid to providers from validFrom.',
      schema: object({ validFrom: date, centsByServiceType: byServiceType(cents), setBy: text }),
      example: { validFrom: '2027-01-01', centsByServiceType: fees, setBy: 'finance:eeva' },
    },
    {
      domainType: 'ClientFeesSet', name: 'client-fees-set', version: 1, summary: 'Finance set the client fees, which count toward the cap, and the annual cap from validFrom.',
      schema: object({ validFrom: date, centsByServiceType: byServiceType(cents), countsTowardCap: byServiceType({ type: 'boolean' }), annualCapCents: cents, setBy: text }),
      example: { validFrom: '2027-01-01', centsByServiceType: fees, countsTowardCap: { 'doctor-visit': true, 'nurse-visit': true, 'physiotherapy-session': true, 'mental-health-substance-visit': true, 'social-guidance-meeting': false }, annualCapCents: 81500, setBy: 'finance:eeva' },
    },
    {
      domainType: 'ServiceRecorded', name: 'service-recorded', version: 1, summary: 'A provider reported a delivered (or missed) service.',
      schema: object({ providerId: id, providerSideId: id, personRef, serviceType, date, stationId: id, noShow: { type: 'boolean' }, listedAtReport: { type: 'boolean' } }),
      example: { providerId: 'mehilainen', providerSideId: 'M-2027-000123', personRef: ref, serviceType: 'doctor-visit', date: '2027-03-09', stationId: 'mehilainen-hervanta', noShow: false, listedAtReport: true },
    },
    {
      domainType: 'AdjustmentRecorded', name: 'adjustment-recorded', version: 1, summary: 'A service of an already approved month arrived; it becomes an adjustment line in the next settlement.',
      schema: object({ providerId: id, providerSideId: id, correctsMonth: month, serviceType }),
      example: { providerId: 'mehilainen', providerSideId: 'M-2027-000123', correctsMonth: '2027-02', serviceType: 'doctor-visit' },
    },
    {
      domainType: 'ClientFeeCharged', name: 'client-fee-charged', version: 1, summary: 'The county charged a client fee for a visit (zero once the annual cap is reached).',
      schema: object({ personRef, year: { type: 'integer' }, visitId: id, date, serviceType, listPriceCents: cents, chargedCents: cents, countsTowardCap: { type: 'boolean' }, accumulatedCents: cents }),
      example: { personRef: ref, year: 2027, visitId: 'service-mehilainen:TS0yMDI3', date: '2027-03-09', serviceType: 'doctor-visit', listPriceCents: 2390, chargedCents: 2390, countsTowardCap: true, accumulatedCents: 2390 },
    },
    {
      domainType: 'FeeCapReached', name: 'fee-cap-reached', version: 1, summary: "A person's counted fees reached the annual client-fee cap.",
      schema: object({ personRef, year: { type: 'integer' }, reachedOn: date, capCents: cents }),
      example: { personRef: ref, year: 2027, reachedOn: '2027-09-14', capCents: 81500 },
    },
    {
      domainType: 'SettlementCalculated', name: 'settlement-calculated', version: 1, summary: "A provider's monthly settlement was calculated (a draft until approved).",
      schema: object({ providerId: id, month, calculatedBy: text, calculatedOn: date, lines: { type: 'array', items: line }, totalCents: cents, unlistedServices: { type: 'integer' }, adjustedServices: { type: 'array', items: text }, inputPosition: { type: 'integer' } }),
      example: { providerId: 'mehilainen', month: '2027-03', calculatedBy: 'finance:eeva', calculatedOn: '2027-04-02', lines: [{ kind: 'capitation', ageBand: '18-64', sex: null, needCoefficient: 1, clients: 2, unitCents: 2500, amountCents: 5000 }], totalCents: 5000, unlistedServices: 0, adjustedServices: [], inputPosition: 1234 },
    },
    {
      domainType: 'SettlementApproved', name: 'settlement-approved', version: 1, summary: 'A second person in finance approved the settlement; it never changes after this.',
      schema: object({ providerId: id, month, approvedBy: text, approvedOn: date, totalCents: cents }),
      example: { providerId: 'mehilainen', month: '2027-03', approvedBy: 'finance:olli', approvedOn: '2027-04-03', totalCents: 5000 },
    },
    {
      domainType: 'SettlementExported', name: 'settlement-exported', version: 1, summary: 'An approved settlement was exported for payment.',
      schema: object({ providerId: id, month, exportedBy: text, exportedOn: date, format: { enum: ['csv', 'json'] } }),
      example: { providerId: 'mehilainen', month: '2027-03', exportedBy: 'finance:olli', exportedOn: '2027-04-04', format: 'csv' },
    },
  ],
};
