import Ajv2020 from 'ajv/dist/2020';
import { providerChoiceContract } from './provider-choice-contract';

describe("provider choice's public events", () => {
  const ajv = new Ajv2020({ strict: false });

  it.each(providerChoiceContract.events.map((e) => [e.domainType, e] as const))(
    '%s has an explicit mapping whose output fits its schema',
    (_type, def) => {
      expect(def.toPublic).toBeDefined();
      const stored = {
        ...def.example,
        addedLater: 'a field nobody published',
        ...(def.domainType === 'SwitchRequested' ? { reasonText: 'nearer to work' } : {}),
      };
      const published = def.toPublic!(stored);
      expect(published).toEqual(def.example);
      expect(ajv.validate(def.schema, published)).toBe(true);
    },
  );

  it('keeps the free text of a switch reason inside provider choice', () => {
    const def = providerChoiceContract.events.find((e) => e.domainType === 'SwitchRequested')!;
    expect(def.toPublic!({ ...def.example, reasonText: 'nearer to work' })).not.toHaveProperty('reasonText');
  });
});
