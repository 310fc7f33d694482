import { Module, type DynamicModule } from '@nestjs/common';
import { cloudEventHeaders, type CloudEvent } from '@luotsi/contracts';
import type { InProcessBus, OutboundMessage } from '@luotsi/messaging';
import { ContextModule } from '../context/context.module';
import type { ContextDeclaration } from '../context/define-context';
import { PlatformModule } from '../platform.module';
import { IN_PROCESS_BUS } from '../tokens';
import { startTestApp, type TestApp } from './test-app';

/**
 * A probe service running the given context declarations on the platform in embedded mode
 * (PGlite, the in-process bus, through Nest): what the runtime's consumption specs publish to.
 */
export async function startProbeApp(...declarations: ContextDeclaration[]): Promise<{ t: TestApp; bus: InProcessBus }> {
  @Module({})
  class ProbeModule {
    static forRoot(config: Parameters<typeof PlatformModule.forRoot>[0]): DynamicModule {
      return { module: ProbeModule, imports: [PlatformModule.forRoot(config), ...declarations.map((d) => ContextModule.register(d))] };
    }
  }
  const t = await startTestApp(
    { service: 'probe', title: 'probe', description: 'probe', module: ProbeModule.forRoot, consumes: [] },
    'pglite',
  );
  return { t, bus: t.app.get<InProcessBus>(IN_PROCESS_BUS) };
}

/** A CloudEvent on `topic` as a relay publishes it, with only its id to tell it apart. */
export const probeMessage = (topic: string, id: string): OutboundMessage => ({
  topic,
  key: id,
  headers: cloudEventHeaders(),
  value: { specversion: '1.0', id, type: 'x', source: '/luotsi/probe', subject: id, data: {} } as CloudEvent,
});
