import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ACCESS_METADATA, PUBLIC_METADATA } from '@luotsi/runtime';
import { providerChoiceContext } from './provider-choice.context';

const IDEMPOTENT_METADATA = 'luotsi:idempotent';

/** Every route handler of the context's controllers, with its HTTP method. */
function routes() {
  return providerChoiceContext.controllers.flatMap((controller) =>
    Object.getOwnPropertyNames(controller.prototype)
      .filter((name) => name !== 'constructor')
      .map((name) => ({ name: `${controller.name}.${name}`, handler: (controller.prototype as unknown as Record<string, object>)[name]! }))
      .filter(({ handler }) => typeof handler === 'function' && Reflect.getMetadata(PATH_METADATA, handler) !== undefined)
      .map((r) => ({ ...r, method: Reflect.getMetadata(METHOD_METADATA, r.handler) as RequestMethod })),
  );
}

describe('provider choice as a declaration', () => {
  it('declares who may call every route', () => {
    const undeclared = routes().filter(
      ({ handler }) =>
        Reflect.getMetadata(ACCESS_METADATA, handler) === undefined && Reflect.getMetadata(PUBLIC_METADATA, handler) !== true,
    );
    expect(routes().length).toBeGreaterThan(15);
    expect(undeclared.map((r) => r.name)).toEqual([]);
  });

  it('makes every command endpoint idempotent, except the import whose rows each are', () => {
    const commands = routes().filter(
      (r) => r.method === RequestMethod.POST || r.method === RequestMethod.PUT || r.method === RequestMethod.DELETE,
    );
    const plain = commands.filter(({ handler }) => Reflect.getMetadata(IDEMPOTENT_METADATA, handler) !== true).map((r) => r.name);
    expect(plain.sort()).toEqual(['CountyController.importPopulation', 'ResidentsController.lookup']);
  });

  it('declares its streams, projection, publishing, timer and upcaster', () => {
    expect(providerChoiceContext.streams.map((s) => s.category)).toEqual(['provider', 'listing', 'area', 'stationclaims']);
    expect(providerChoiceContext.projections.map((p) => p.name)).toEqual(['provider-choice-read-model']);
    expect(providerChoiceContext.publishes.contract.events.every((e) => typeof e.toPublic === 'function')).toBe(true);
    expect(providerChoiceContext.timers.map((t) => t.name)).toEqual(['due-changes']);
    expect(providerChoiceContext.upcasters.map((u) => `${u.type}@${u.fromVersion}`)).toEqual(['ChoiceAreaConfigured@1']);
  });
});
