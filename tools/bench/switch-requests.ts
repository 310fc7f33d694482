import { send } from './http-client';

/** A resident about to ask for a switch: who, signed in how, and to which station. */
export interface Switcher {
  personRef: string;
  authorization: string;
  stationId: string;
}

/** One switch request over HTTP, as the resident's portal sends it; anything but 201 fails the run. */
export async function requestSwitch(base: string, person: Switcher): Promise<void> {
  const res = await send(
    `${base}/residents/${person.personRef}/switches`,
    'POST',
    JSON.stringify({ stationId: person.stationId, channel: 'portal', reason: 'good-location' }),
    { authorization: person.authorization },
  );
  if (res.status !== 201) throw new Error(`switch of ${person.personRef} to ${person.stationId}: ${res.status} ${res.body.slice(0, 300)}`);
}
