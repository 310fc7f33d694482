import { Body, Controller, Get, Module, Param, Post, Query, Req } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import type { Request } from 'express';
import { IsObject, IsOptional, IsString } from 'class-validator';
import request from 'supertest';
import { DomainError, LocalDate } from '@luotsi/kernel';
import { createLogger } from '../logger';
import { LOGGER } from '../tokens';
import { configureHttp } from './configure-http';
import { HTTP_APP_OPTIONS, IdentityCodeFields, LongRunning, PerRowInput, QueryArrays } from './route-options';

const CODE = '131052-308T';
const lines: string[] = [];
const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class ThingDto {
  @IsString() name!: string;
  @IsOptional() nested?: unknown;
}
class LookupDto {
  @IsString() identityCode!: string;
  @IsOptional() @IsString() note?: string;
}
class ReportDto {
  @IsObject({ each: true }) rows!: Record<string, unknown>[];
}

@Controller()
class ProbeController {
  @Post('things')
  create(@Body() body: ThingDto) {
    return { name: body.name };
  }
  @Get('things/:id')
  read(@Param('id') id: string, @Query('q') q: string | undefined) {
    return { id, q: q ?? null };
  }
  @Get('many')
  @QueryArrays('id')
  many(@Query('id') id: string | string[] | undefined, @Query('q') q: string | undefined) {
    return { id: id ?? null, q: q ?? null };
  }
  @Post('lookup')
  @IdentityCodeFields('identityCode')
  lookup(@Body() body: LookupDto) {
    return { found: body.identityCode.length };
  }
  @Post('report')
  @PerRowInput('rows')
  report(@Body() body: ReportDto) {
    return { rows: body.rows.length };
  }
  @Post('dated')
  @IdentityCodeFields('date')
  dated(@Body() body: { date: string }) {
    return { date: LocalDate.parse(body.date) };
  }
  @Post('refused')
  refused() {
    throw new DomainError('SOMETHING_WRONG', `cannot use ${CODE} here`, { echoed: CODE, list: [`x ${CODE}`] }, 'validation');
  }
  @Post('stream')
  @LongRunning()
  async stream(@Req() req: Request) {
    let bytes = 0;
    for await (const chunk of req) bytes += (chunk as Buffer).length;
    return { bytes };
  }
  @Get('slow')
  async slow() {
    await sleep(400);
    return { done: true };
  }
  @Get('slow-import')
  @LongRunning()
  async slowImport() {
    await sleep(400);
    return { done: true };
  }
  @Get('boom')
  boom() {
    const error = Object.assign(new Error(`insert failed for ${CODE}`), {
      parameters: [CODE, 'Matti Meikäläinen'],
      detail: `Key (code)=(${CODE}) already exists.`,
      query: 'INSERT INTO t VALUES ($1, $2)',
      code: '23505',
    });
    throw error;
  }
}

@Module({
  controllers: [ProbeController],
  providers: [{ provide: LOGGER, useValue: createLogger('probe', 'info', { write: (l: string) => void lines.push(l) }) }],
})
class ProbeModule {}

describe('the HTTP edge', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());
  const json = (path: string, text: string, type = 'application/json') => http().post(path).set('Content-Type', type).send(text);

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ProbeModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false, ...HTTP_APP_OPTIONS });
    configureHttp(app, { timeoutMs: 150, longRunningMs: 2_000 });
    await app.init();
  });
  afterAll(() => app.close());
  beforeEach(() => void lines.splice(0));

  it('answers a good request and sends no X-Powered-By', async () => {
    const res = await http().post('/things').send({ name: 'a' }).expect(201);
    expect(res.body).toEqual({ name: 'a' });
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('refuses a JSON body over 1 MiB with 413 PAYLOAD_TOO_LARGE, stating the limit', async () => {
    const res = await json('/things', JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 1) })).expect(413);
    expect(res.body).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('1 MiB'), details: { limitBytes: 1048576 } });
  });

  it('refuses other charsets and content types with 415', async () => {
    for (const charset of ['latin1', 'klingon', 'utf-16']) {
      expect((await json('/things', '{"name":"a"}', `application/json; charset=${charset}`).expect(415)).body).toMatchObject({
        code: 'UNSUPPORTED_CHARSET',
      });
    }
    expect((await json('/things', '{"name":"a"}', 'application/json; charset=UTF-8').expect(201)).body).toEqual({ name: 'a' });
    expect((await json('/things', 'name=a', 'application/x-www-form-urlencoded').expect(415)).body).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    expect((await json('/things', '{"name":"a"}', 'text/plain').expect(415)).body).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      details: { contentType: 'text/plain' },
    });
    expect(
      (
        await http()
          .post('/things')
          .set('Content-Type', 'application/json')
          .set('Content-Encoding', 'gzip')
          .send('{"name":"a"}')
          .expect(415)
      ).body,
    ).toMatchObject({ code: 'UNSUPPORTED_CONTENT_ENCODING' });
  });

  it('refuses malformed JSON and invalid UTF-8 with 400, quoting nothing of the body', async () => {
    const res = await json('/things', `{"name":"${CODE}",`).expect(400);
    expect(res.body).toEqual({ code: 'MALFORMED_JSON', message: 'the body is not valid JSON', details: {} });
    const bytes = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const invalidUtf8 = await http()
      .post('/things')
      .set('Content-Type', 'application/json')
      .serialize(() => bytes as unknown as string)
      .send({})
      .expect(400);
    expect(invalidUtf8.body).toMatchObject({ code: 'INVALID_CHARACTERS', details: { paths: ['body'] } });
  });

  it('refuses nesting beyond 32 levels before validation (5 000 levels overflowed class-transformer)', async () => {
    const deep = `{"name":"a","nested":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    expect((await json('/things', deep).expect(400)).body).toEqual({
      code: 'NESTING_TOO_DEEP',
      message: expect.any(String),
      details: { maxDepth: 32 },
    });
    const fine = `{"name":"a","nested":${'['.repeat(30)}${']'.repeat(30)}}`;
    await json('/things', fine).expect(201);
    // brackets inside strings do not count
    await json('/things', JSON.stringify({ name: '['.repeat(100) })).expect(201);
  });

  it('refuses NUL and lone surrogates in body, keys, query and path, naming the path', async () => {
    expect((await json('/things', '{"name":"a\\u0000b"}').expect(400)).body).toEqual({
      code: 'INVALID_CHARACTERS',
      message: expect.any(String),
      details: { paths: ['body.name'] },
    });
    expect((await json('/things', '{"name":"a","nested":{"x":["ok","\\ud800"]}}').expect(400)).body.details).toEqual({
      paths: ['body.nested.x.1'],
    });
    expect((await json('/things', '{"name":"a","nested":{"\\udc00":1}}').expect(400)).body.details).toEqual({
      paths: ['body.nested.(key)'],
    });
    expect((await http().get('/things/a%00b').expect(400)).body).toMatchObject({
      code: 'INVALID_CHARACTERS',
      details: { paths: ['params.id'] },
    });
    expect((await http().get('/things/ok?q=a%00').expect(400)).body).toMatchObject({
      code: 'INVALID_CHARACTERS',
      details: { paths: ['query.q'] },
    });
    expect((await http().get('/things/%ED%A0%80').expect(400)).body).toMatchObject({
      code: 'INVALID_CHARACTERS',
      details: { paths: ['params'] },
    });
    // a surrogate pair is a character like any other
    expect((await json('/things', JSON.stringify({ name: 'emoji 😀' })).expect(201)).body).toEqual({ name: 'emoji 😀' });
  });

  it('refuses a repeated query parameter or an object in the query with 400 INVALID_QUERY, unless the route declares an array', async () => {
    for (const query of ['q=a&q=b', 'q[a]=x', 'q[]=x', 'other=1&other=2']) {
      expect((await http().get(`/things/1?${query}`).expect(400)).body).toEqual({
        code: 'INVALID_QUERY',
        message: expect.any(String),
        details: { paths: [expect.stringMatching(/^query\.(q|other)/)] },
      });
    }
    expect((await http().get('/things/1?q=a').expect(200)).body).toEqual({ id: '1', q: 'a' });
    expect((await http().get('/many?id=a&id=b&q=c').expect(200)).body).toEqual({ id: ['a', 'b'], q: 'c' });
    expect((await http().get('/many?id=a').expect(200)).body).toEqual({ id: 'a', q: null });
    // The declared array takes strings only, and the rest of the route's query stays single.
    expect((await http().get('/many?id[a]=x').expect(400)).body).toMatchObject({ code: 'INVALID_QUERY' });
    expect((await http().get('/many?id=a&q=b&q=c').expect(400)).body).toMatchObject({
      code: 'INVALID_QUERY',
      details: { paths: ['query.q'] },
    });
  });

  it('checks an Idempotency-Key on every route that receives one, idempotent or not, and refuses an identity code as the key', async () => {
    for (const key of ['k'.repeat(201), 'two words', '<script>', 'avain-\u00e4', CODE, `x-${CODE}`]) {
      const res = await http().post('/things').set('Idempotency-Key', key).send({ name: 'a' }).expect(400);
      expect(res.body).toEqual({
        code: 'IDEMPOTENCY_KEY_INVALID',
        message: expect.any(String),
        details: { header: 'Idempotency-Key', maxLength: 200 },
      });
      expect(res.text).not.toContain(CODE);
      await http().get('/things/1').set('Idempotency-Key', key).expect(400);
    }
    // A non-JSON route (a streamed import) is checked before its body is read.
    expect(
      (
        await http()
          .post('/stream')
          .set('Content-Type', 'application/x-ndjson')
          .set('Idempotency-Key', 'k'.repeat(9000))
          .send('{}')
          .expect(400)
      ).body,
    ).toMatchObject({ code: 'IDEMPOTENCY_KEY_INVALID' });
    await http().post('/things').set('Idempotency-Key', 'retry-1.a:b_c').send({ name: 'a' }).expect(201);
  });

  it('refuses __proto__, constructor and prototype keys anywhere instead of dropping them', async () => {
    expect((await json('/things', '{"name":"a","__proto__":{"admin":true}}').expect(400)).body).toEqual({
      code: 'FORBIDDEN_KEY',
      message: expect.any(String),
      details: { paths: ['body.__proto__'] },
    });
    expect((await json('/things', '{"name":"a","nested":[{"constructor":{"prototype":1}}]}').expect(400)).body.details).toEqual({
      paths: ['body.nested.0.constructor'],
    });
    expect((await http().get('/things/a?__proto__=1').expect(400)).body).toMatchObject({
      code: 'FORBIDDEN_KEY',
      details: { paths: ['query.__proto__'] },
    });
    // still refused inside a per-row input
    expect((await json('/report', '{"rows":[{"prototype":1}]}').expect(400)).body).toMatchObject({
      code: 'FORBIDDEN_KEY',
      details: { paths: ['body.rows.0.prototype'] },
    });
  });

  it('refuses identity codes outside the fields a route declares, by path and never by value', async () => {
    const inBody = await json('/things', JSON.stringify({ name: `note about ${CODE.toLowerCase()}` })).expect(400);
    expect(inBody.body).toEqual({ code: 'IDENTITY_CODE_NOT_ALLOWED', message: expect.any(String), details: { paths: ['body.name'] } });
    expect(JSON.stringify(inBody.body)).not.toMatch(/131052/);
    expect((await http().get(`/things/${CODE}`).expect(400)).body.details).toEqual({ paths: ['params.id'] });
    expect((await http().get(`/things/x?q=${CODE}`).expect(400)).body.details).toEqual({ paths: ['query.q'] });
    expect((await http().get('/things/x').set('X-Correlation-Id', CODE).expect(400)).body.details).toEqual({
      paths: ['headers.x-correlation-id'],
    });
    expect((await json('/things', JSON.stringify({ name: 'a', nested: { [CODE]: 1 } })).expect(400)).body.details).toEqual({
      paths: ['body.nested.(key)'],
    });
    // declared fields carry codes; the others on the same route do not
    await http().post('/lookup').send({ identityCode: CODE }).expect(201);
    expect((await http().post('/lookup').send({ identityCode: CODE, note: CODE }).expect(400)).body.details).toEqual({
      paths: ['body.note'],
    });
    // a per-row input is left to the route, which answers row by row
    expect(
      (
        await http()
          .post('/report')
          .send({ rows: [{ identityCode: CODE, note: 'a\u0000' }] })
          .expect(201)
      ).body,
    ).toEqual({ rows: 1 });
    // an id that merely looks numeric is not a code (month 34)
    await http().get('/things/123456-7890').expect(200);
  });

  it('masks identity codes in every error body, a date parser echoing its input included', async () => {
    const dated = await http().post('/dated').send({ date: CODE }).expect(400);
    expect(dated.body).toEqual({ code: 'INVALID_DATE', message: expect.any(String), details: { value: '[identity code]' } });
    const refused = await http().post('/refused').expect(400);
    expect(refused.body).toEqual({
      code: 'SOMETHING_WRONG',
      message: 'cannot use [identity code] here',
      details: { echoed: '[identity code]', list: ['x [identity code]'] },
    });
    const notFound = await http().get(`/nothing/${CODE}`).expect(404);
    expect(JSON.stringify(notFound.body)).not.toMatch(/131052/);
  });

  it('logs refusals below error level with the route template, and 500s without the statement values', async () => {
    await json('/things', '{"name":').expect(400);
    await http().get('/things/a%00').expect(400);
    const refusals = logged().filter((l) => l['msg'] === 'request refused');
    expect(refusals.map((l) => [l['level'], l['code'], l['route']])).toEqual([
      [30, 'MALFORMED_JSON', '/things'],
      [30, 'INVALID_CHARACTERS', '/things/:id'],
    ]);
    expect(logged().filter((l) => (l['level'] as number) >= 50)).toEqual([]);

    const res = await http().get('/boom').expect(500);
    expect(res.body).toEqual({ code: 'INTERNAL_ERROR', message: 'internal error; it has been logged', details: {} });
    const text = lines.join('\n');
    expect(text).not.toMatch(/131052/);
    expect(text).not.toMatch(/Matti/);
    const line = logged().find((l) => l['msg'] === 'unhandled error')!;
    expect(line['level']).toBe(50);
    expect(line['err']).toMatchObject({
      type: 'Error',
      message: 'insert failed for [identity code]',
      query: 'INSERT INTO t VALUES ($1, $2)',
      code: '23505',
    });
    expect(line['err']).not.toHaveProperty('parameters');
    expect(line['err']).not.toHaveProperty('detail');
  });

  it('leaves a non-JSON body to a route that streams it, past the JSON limit', async () => {
    const res = await http()
      .post('/stream')
      .set('Content-Type', 'application/x-ndjson')
      .send('x'.repeat(2 * 1024 * 1024))
      .expect(201);
    expect(res.body).toEqual({ bytes: 2 * 1024 * 1024 });
  });

  it('answers 503 REQUEST_TIMEOUT past the route timeout, and lets a @LongRunning route take longer', async () => {
    const slow = await http().get('/slow').expect(503);
    expect(slow.body).toEqual({ code: 'REQUEST_TIMEOUT', message: expect.any(String), details: { timeoutMs: 150 } });
    expect(logged().find((l) => l['code'] === 'REQUEST_TIMEOUT')!['level']).toBe(40);
    expect((await http().get('/slow-import').expect(200)).body).toEqual({ done: true });
    await sleep(300); // the timed-out handler finishes; its late answer is dropped without a crash
  });
});
