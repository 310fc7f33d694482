import { deciderSpec } from '@luotsi/kernel/testing';
import { stationClaimsDecider } from './station-claims';

const spec = deciderSpec(stationClaimsDecider);
const claimed = [{ type: 'StationsClaimed' as const, data: { providerId: 'mehilainen', stationIds: ['mehilainen-hervanta'] } }];

describe('station claims', () => {
  it('claims the free stations, again is nothing new, another provider is refused', () => {
    spec
      .given([])
      .when({ type: 'ClaimStations', providerId: 'mehilainen', stationIds: ['mehilainen-hervanta'] })
      .then(claimed);
    spec
      .given(claimed)
      .when({ type: 'ClaimStations', providerId: 'mehilainen', stationIds: ['mehilainen-hervanta'] })
      .then([]);
    spec
      .given(claimed)
      .when({ type: 'ClaimStations', providerId: 'pihlajalinna', stationIds: ['p-1', 'mehilainen-hervanta'] })
      .thenFails('STATION_TAKEN', { stationId: 'mehilainen-hervanta' });
  });

  it('releases only what the provider holds, after which another may claim it', () => {
    const released = spec
      .given(claimed)
      .when({ type: 'ReleaseStations', providerId: 'mehilainen', stationIds: ['mehilainen-hervanta', 'other'] })
      .events();
    expect(released).toEqual([{ type: 'StationsReleased', data: { providerId: 'mehilainen', stationIds: ['mehilainen-hervanta'] } }]);
    spec
      .given([...claimed, ...released])
      .when({ type: 'ClaimStations', providerId: 'pihlajalinna', stationIds: ['mehilainen-hervanta'] })
      .then([{ type: 'StationsClaimed', data: { providerId: 'pihlajalinna', stationIds: ['mehilainen-hervanta'] } }]);
    spec
      .given(claimed)
      .when({ type: 'ReleaseStations', providerId: 'pihlajalinna', stationIds: ['mehilainen-hervanta'] })
      .then([]);
  });
});
