import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../access/access';
import { ReadinessChecks } from './readiness';

// Probed by the orchestrator, which has no actor.
@ApiTags('health')
@Public()
@Controller('health')
export class HealthProbesController {
  constructor(private readonly readiness: ReadinessChecks) {}

  @Get('live')
  @ApiOkResponse({
    description: 'The process answers (it touches nothing else, so a slow database does not restart it)',
    schema: { example: { status: 'live' } },
  })
  live(): { status: string } {
    return { status: 'live' };
  }

  @Get('ready')
  @ApiOkResponse({
    description: 'Every readiness check holds',
    schema: { example: { status: 'ready', checks: { database: { ok: true }, broker: { ok: true } } } },
  })
  @ApiServiceUnavailableResponse({
    description: 'A check failed; each check is given with its result',
    schema: { example: { status: 'not ready', checks: { database: { ok: false, details: { error: 'no answer within 2000 ms' } } } } },
  })
  async ready(@Res({ passthrough: true }) res: Response): Promise<{ status: string; checks: Record<string, unknown> }> {
    const { ok, checks } = await this.readiness.run();
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ready' : 'not ready', checks };
  }
}
