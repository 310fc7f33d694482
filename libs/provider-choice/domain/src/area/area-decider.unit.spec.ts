import { deciderSpec } from '@luotsi/kernel/testing';
import { areaDecider, type AreaCommand } from './area-decider';

const spec = deciderSpec(areaDecider);
const configure: AreaCommand = {
  type: 'ConfigureArea',
  area: { postalCodes: { '33710': { defaultStationId: 'hervanta' }, '33530': { defaultStationId: 'kaukajarvi' } }, switchPeriodMonths: 3 },
  registeredStationIds: ['hervanta', 'kaukajarvi'],
  configuredBy: 'county:anna',
};
const configured = spec.given([]).when(configure).events();

describe('the choice area', () => {
  it('records the postal codes as a list with their default stations', () => {
    expect(configured).toEqual([
      {
        type: 'ChoiceAreaConfigured',
        data: {
          postalCodes: [
            { postalCode: '33530', defaultStationId: 'kaukajarvi' },
            { postalCode: '33710', defaultStationId: 'hervanta' },
          ],
          switchPeriodMonths: 3,
          configuredBy: 'county:anna',
        },
      },
    ]);
    const state = configured.reduce(areaDecider.evolve, areaDecider.initialState());
    expect(state.area).toEqual(configure.area);
  });

  it('refuses unknown default stations, bad postal codes and periods, and identity codes', () => {
    spec
      .given([])
      .when({ ...configure, registeredStationIds: ['hervanta'] })
      .thenFails('STATION_NOT_FOUND', { unknown: ['33530: kaukajarvi'] });
    spec
      .given([])
      .when({ ...configure, area: { ...configure.area, switchPeriodMonths: 0 } })
      .thenFails('INVALID_SWITCH_PERIOD');
    spec
      .given([])
      .when({ ...configure, area: { postalCodes: { '3371': { defaultStationId: 'hervanta' } }, switchPeriodMonths: 3 } })
      .thenFails('INVALID_POSTAL_CODE');
    spec
      .given([])
      .when({ ...configure, configuredBy: 'county:131052-308T' })
      .thenFails('IDENTITY_CODE_NOT_ALLOWED', { field: 'configuredBy' });
  });

  it('the same area again is nothing new; a change is recorded', () => {
    spec.given(configured).when(configure).then([]);
    expect(
      spec
        .given(configured)
        .when({ ...configure, area: { ...configure.area, switchPeriodMonths: 6 } })
        .events(),
    ).toHaveLength(1);
  });
});
