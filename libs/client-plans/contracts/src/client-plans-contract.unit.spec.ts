import Ajv2020 from 'ajv/dist/2020';
import { CLIENT_PLANS_PUBLIC_MAPPING, clientPlansContract } from './client-plans-contract';

describe("client plans' public contract", () => {
  it('maps every published event explicitly', () => {
    expect(clientPlansContract.events.map((e) => e.domainType).sort()).toEqual(Object.keys(CLIENT_PLANS_PUBLIC_MAPPING).sort());
    expect(clientPlansContract.events.map((e) => `${e.name}.v${e.version}`)).toEqual(
      expect.arrayContaining(['plan-created.v1', 'plan-status-changed.v1']),
    );
  });

  it('publishes no plan content: the responsible worker, goals and reasons stay inside', () => {
    const ajv = new Ajv2020({ strict: false });
    for (const e of clientPlansContract.events) {
      const published = e.toPublic!({
        ...e.example,
        responsibleWorker: { subject: 's', name: 'Paula', organisation: 'x' },
        reason: 'client moved to Oulu',
        from: 'active',
        by: 'plan-worker:s',
        segment: 'supported',
      });
      expect(published).toEqual(e.example);
      expect(ajv.validate(e.schema, published)).toBe(true);
    }
  });
});
