import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SqlPool } from '@luotsi/database';
import { Public } from '../access/access';
import { describeModes, type RuntimeConfig } from '../runtime-config';
import { RUNTIME_CONFIG, SQL_POOL } from '../tokens';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
    @Inject(SQL_POOL) private readonly pool: SqlPool,
  ) {}

  @Get()
  @ApiOkResponse({
    description: 'The process is up and its database answers',
    schema: { example: { status: 'ok', service: 'luotsi', eventStore: 'pglite', readModels: 'pglite', bus: 'in-process' } },
  })
  async health(): Promise<Record<string, string>> {
    await this.pool.query('SELECT 1');
    return { status: 'ok', service: this.config.service, ...describeModes(this.config) };
  }
}
