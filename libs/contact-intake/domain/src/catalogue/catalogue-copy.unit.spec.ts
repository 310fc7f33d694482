import { foldEvents, LocalDate } from '@luotsi/kernel';
import { deciderSpec } from '@luotsi/kernel/testing';
import { catalogueCopyDecider, serviceInForce, type CatalogueCopyEvent, type KnownServiceVersion } from './catalogue-copy';

const spec = deciderSpec(catalogueCopyDecider);
const d = (s: string) => LocalDate.parse(s);
const version = (validFrom: string, channelIds: string[]): KnownServiceVersion => ({
  serviceId: 'velkaneuvonta',
  validFrom: d(validFrom),
  names: { fi: 'Velkaneuvonta', sv: 'Skuldrådgivning', en: null },
  arrangingOrganisation: 'pirkanmaa',
  municipalities: ['837'],
  channelIds,
});

describe("contact intake's copy of the catalogue", () => {
  it('learns a version once: a redelivery or replay of the same version changes nothing', () => {
    const v1 = version('2027-01-01', ['velkaneuvonta-puhelin']);
    spec
      .given([])
      .when({ type: 'LearnServiceVersion', version: v1 })
      .then([{ type: 'CatalogueServiceLearned', data: v1 }]);
    spec
      .given([{ type: 'CatalogueServiceLearned', data: v1 }])
      .when({ type: 'LearnServiceVersion', version: v1 })
      .then([]);
    spec
      .given([{ type: 'CatalogueServiceWithdrawalLearned', data: { serviceId: 'velkaneuvonta', withdrawnFrom: d('2027-06-01') } }])
      .when({ type: 'LearnServiceWithdrawal', serviceId: 'velkaneuvonta', withdrawnFrom: d('2027-06-01') })
      .then([]);
  });

  it('gives the version in force on a day, none before the first or from the withdrawal on', () => {
    const events: CatalogueCopyEvent[] = [
      { type: 'CatalogueServiceLearned', data: version('2027-03-01', ['b']) },
      { type: 'CatalogueServiceLearned', data: version('2027-01-01', ['a']) },
      { type: 'CatalogueServiceWithdrawalLearned', data: { serviceId: 'velkaneuvonta', withdrawnFrom: d('2027-06-01') } },
    ];
    const state = foldEvents(catalogueCopyDecider, events);
    expect(serviceInForce(state, d('2026-12-31'))).toBeNull();
    expect(serviceInForce(state, d('2027-02-28'))?.channelIds).toEqual(['a']);
    expect(serviceInForce(state, d('2027-05-31'))?.channelIds).toEqual(['b']);
    expect(serviceInForce(state, d('2027-06-01'))).toBeNull();
  });
});
