import Ajv2020 from 'ajv/dist/2020';
import { hasIdentityCodeShape } from '@luotsi/kernel';
import { CONTACT_INTAKE_PUBLIC_MAPPING, contactIntakeContract } from './contact-intake-contract';

describe("contact intake's public contract", () => {
  it('maps every published event explicitly; notes and assignments are not published', () => {
    expect(contactIntakeContract.events.map((e) => e.domainType).sort()).toEqual(Object.keys(CONTACT_INTAKE_PUBLIC_MAPPING).sort());
    expect(contactIntakeContract.events.map((e) => e.domainType)).not.toContain('NoteAdded');
  });

  it('publishes the examples as they are, valid against their schemas, with no identity code', () => {
    const ajv = new Ajv2020({ strict: false });
    for (const e of contactIntakeContract.events) {
      if (e.domainType === 'ScreeningRecorded' || e.domainType === 'ContactClosed') continue; // their domain shape differs (below)
      const published = e.toPublic!({ ...e.example, text: 'a note', identityCode: '131052-308T' });
      expect(published).toEqual(e.example);
      expect(ajv.validate(e.schema, published)).toBe(true);
      expect(hasIdentityCodeShape(JSON.stringify(published))).toBe(false);
    }
  });

  it('publishes a screening without its answers and a closure without the worker', () => {
    const ajv = new Ajv2020({ strict: false });
    const screening = contactIntakeContract.events.find((e) => e.domainType === 'ScreeningRecorded')!;
    const published = screening.toPublic!({
      contactId: '6f1c2a9e-3b7d-4e21-9a5c-0d8e4f7b1a23',
      answers: { 'worry-scale': 9 },
      by: 'guidance:gunilla',
      result: {
        formVersion: 1,
        ruleSetVersion: 2,
        coping: 'hard',
        risk: 'high',
        segment: 'cared-for',
        recommendedRoute: 'service-need-assessment',
        reasons: [{ ruleId: 'high-worry', effect: 'risk', reason: 'worry 7 or more' }],
      },
    });
    expect(published).toEqual({ ...screening.example, firedRules: ['high-worry'] });
    expect(ajv.validate(screening.schema, published)).toBe(true);
    const closed = contactIntakeContract.events.find((e) => e.domainType === 'ContactClosed')!;
    const c = closed.toPublic!({
      contactId: '6f1c2a9e-3b7d-4e21-9a5c-0d8e4f7b1a23',
      outcome: { kind: 'routed', route: 'named-service', destination: 'Velkaneuvonta' },
      closedAt: '2027-03-10T07:06:00.000Z',
      handlingSeconds: 351,
      closedBy: 'guidance:gunilla',
      segment: null,
    });
    expect(c).toMatchObject({ outcome: 'routed', route: 'named-service', destination: 'Velkaneuvonta', adviceCategory: null });
    expect(c).not.toHaveProperty('closedBy');
    expect(ajv.validate(closed.schema, c)).toBe(true);
  });

  it('keeps the agreed names of the cross-context events', () => {
    expect(contactIntakeContract.context).toBe('contact-intake');
    const names = contactIntakeContract.events.map((e) => `${e.name}.v${e.version}`);
    expect(names).toEqual(expect.arrayContaining(['plan-requested.v1', 'heavy-user-flagged.v1']));
  });
});
