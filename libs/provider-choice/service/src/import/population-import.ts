import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DomainError, isDomainError, type ParsedHetu, type PersonRef } from '@luotsi/kernel';
import { CommandPipeline, todayOf, type BulkItem, type CommandEnvelope } from '@luotsi/eventstore';
import { LOGGER, RUNTIME_CONFIG, type RuntimeConfig } from '@luotsi/runtime';
import { guardianshipStreams, PersonRegistry } from '@luotsi/identity';
import type { Logger } from 'pino';
import { isTransientInfrastructureFailure } from '@luotsi/database';
import type { ChoiceArea, ListingCommand, StationTarget } from '@luotsi/provider-choice-domain';
import { ProviderChoiceCommands } from '../provider-choice.commands';
import { listingStreams } from '../provider-choice.streams';
import { readLines } from './line-reader';
import { CSV_HEADER, parseLine, toPopulationRow, type PopulationRow } from './population-rows';

export interface ImportReport {
  rows: number;
  applied: number;
  unchanged: number;
  failed: number;
  /** The first 1000 failures; `failed` counts them all. */
  errors: Array<{ line: number; code: string; message: string }>;
}

/**
 * Rows per chunk: one registry statement and one appendMany for the chunk's new people. 256 new
 * residents are about 512 events, inside one es_append_many call (at most 1 000 events).
 */
const CHUNK = 256;

/**
 * Applies a population-register file: every row is its own idempotent command, so a re-sent file
 * changes nothing and a bad row is reported without stopping the rest. Rows of one person keep
 * their order. A chunk's new people go to the store together (ADR 0006); people already known are
 * processed row by row, different people concurrently.
 */
@Injectable()
export class PopulationImport {
  constructor(
    private readonly pipeline: CommandPipeline,
    private readonly commands: ProviderChoiceCommands,
    private readonly registry: PersonRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async run(input: Readable, format: 'ndjson' | 'csv', envelope: CommandEnvelope, concurrency: number): Promise<ImportReport> {
    // Correlation ids name the import run and line, never anything derived from the person.
    const importId = `population-import:${randomUUID()}`;
    const report: ImportReport = { rows: 0, applied: 0, unchanged: 0, failed: 0, errors: [] };
    const area = await this.commands.area();
    const today = todayOf(envelope);
    const defaults = new Map<string, Promise<StationTarget | null>>();
    const defaultFor = (postalCode: string) => {
      if (!defaults.has(postalCode)) defaults.set(postalCode, this.commands.defaultTarget(area, postalCode));
      return defaults.get(postalCode)!;
    };
    const fail = (line: number, error: unknown) => {
      report.failed += 1;
      // Only the line and the error's own text: a row's fields may hold an identity code.
      if (!isDomainError(error))
        this.logger.error(
          {
            importId,
            line,
            err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
          },
          'population row failed unexpectedly',
        );
      if (report.errors.length < 1000) {
        report.errors.push(
          isDomainError(error)
            ? { line, code: error.code, message: error.message }
            : isTransientInfrastructureFailure(error)
              ? // The database was away for a moment: sending the file again applies the row (rows are idempotent).
                { line, code: 'ROW_UNAVAILABLE', message: 'the row could not be stored just now; send the file again' }
              : { line, code: 'ROW_FAILED', message: 'the row could not be applied; it was logged' },
        );
      }
    };
    let chunk: ChunkItem[] = [];
    // Guardianship rows link two people, who may be registered anywhere in the file: they are kept
    // (a row is a few hundred bytes) and applied once every other row has been.
    const guardianships: Array<{ line: number; row: GuardianshipRow }> = [];
    const flush = async () => {
      await this.applyChunk(chunk, area, defaultFor, envelope, concurrency, report, fail, importId);
      chunk = [];
    };
    for await (const read of readLines(input)) {
      const lineNo = read.line;
      if ('error' in read) {
        report.rows += 1;
        fail(lineNo, read.error);
        continue;
      }
      const line = read.text.trim();
      if (!line || (format === 'csv' && lineNo === 1 && line.toLowerCase().startsWith(CSV_HEADER[0]!))) continue;
      report.rows += 1;
      try {
        const row = toPopulationRow(parseLine(line, format), today);
        if (row.type === 'guardianship') guardianships.push({ line: lineNo, row });
        else chunk.push({ line: lineNo, row });
      } catch (error) {
        fail(lineNo, error);
      }
      if (chunk.length >= CHUNK) await flush();
    }
    await flush();
    await this.applyGuardianships(guardianships, envelope, concurrency, report, fail, importId);
    report.errors.sort((a, b) => a.line - b.line);
    return report;
  }

  /**
   * People new to the registry (a first load of the register is all of them) are decided together
   * by the pipeline's decide-many (folded in memory, one appendMany); everyone else row by row
   * against their stored stream.
   */
  private async applyChunk(
    chunk: ChunkItem[],
    area: ChoiceArea,
    defaultFor: DefaultFor,
    envelope: CommandEnvelope,
    concurrency: number,
    report: ImportReport,
    fail: (line: number, error: unknown) => void,
    importId: string,
  ): Promise<void> {
    const lanes = new Map<string, ChunkItem[]>();
    for (const item of chunk) {
      const lane = lanes.get(item.row.identityCode);
      if (lane) lane.push(item);
      else lanes.set(item.row.identityCode, [item]);
    }
    const registering = [...lanes].filter(([, lane]) => lane[0]!.row.type === 'resident-registered').map(([code]) => code);
    const { found, invalid } = await this.registry.resolveMany(registering, true);
    const rowEnvelope = (line: number): CommandEnvelope => ({ ...envelope, correlationId: `${importId}:${line}`, channel: CHANNEL });
    const stale: ChunkItem[][] = [];
    const fresh: Array<{ line: number; item: BulkItem<ListingCommand> }> = [];
    for (const [code, lane] of lanes) {
      const person = found.get(code);
      if (invalid.has(code)) lane.forEach(({ line }) => fail(line, invalid.get(code)));
      else if (!person?.created) stale.push(lane);
      else {
        for (const { line, row } of lane)
          fresh.push({
            line,
            item: { command: await commandFor(row, person.personRef, person.hetu, area, defaultFor), envelope: rowEnvelope(line) },
          });
      }
    }
    // A stream that turns out to exist is decided again row by row by the pipeline itself.
    const outcomes =
      fresh.length > 0
        ? await this.pipeline.executeMany(
            listingStreams,
            fresh.map((f) => f.item),
          )
        : [];
    outcomes.forEach((outcome, i) => {
      const { line } = fresh[i]!;
      if (!outcome.ok) fail(line, outcome.error);
      else if (outcome.result.events.length > 0) report.applied += 1;
      else report.unchanged += 1;
    });
    const worker = async () => {
      for (let lane = stale.shift(); lane; lane = stale.shift()) {
        for (const { line, row } of lane) {
          try {
            const changed = await this.applyRow(row, area, defaultFor, rowEnvelope(line));
            if (changed) report.applied += 1;
            else report.unchanged += 1;
          } catch (error) {
            fail(line, error);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  }

  /**
   * Each guardianship row is its own idempotent command on the child's guardianship stream in
   * identity; different children run concurrently, one child's rows in file order.
   */
  private async applyGuardianships(
    rows: Array<{ line: number; row: GuardianshipRow }>,
    envelope: CommandEnvelope,
    concurrency: number,
    report: ImportReport,
    fail: (line: number, error: unknown) => void,
    importId: string,
  ): Promise<void> {
    const lanes = new Map<string, Array<{ line: number; row: GuardianshipRow }>>();
    for (const item of rows) lanes.set(item.row.identityCode, [...(lanes.get(item.row.identityCode) ?? []), item]);
    const queue = [...lanes.values()];
    const worker = async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) {
        for (const { line, row } of lane) {
          try {
            const changed = await this.applyGuardianship(row, { ...envelope, correlationId: `${importId}:${line}`, channel: CHANNEL });
            if (changed) report.applied += 1;
            else report.unchanged += 1;
          } catch (error) {
            fail(line, error);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  }

  /** Both people must be known to the registry; the guardian's code answers with codes of its own, so the register can tell which code is wrong. */
  private async applyGuardianship(row: GuardianshipRow, envelope: CommandEnvelope): Promise<boolean> {
    const child = await this.registry.require(row.identityCode);
    const guardian = await this.registry.resolve(row.guardianIdentityCode, false).catch((error: unknown) => {
      if (isDomainError(error) && error.code === 'INVALID_HETU')
        throw new DomainError('INVALID_GUARDIAN_HETU', `guardianIdentityCode: ${error.message}`, {}, 'validation');
      throw error;
    });
    if (!guardian) throw new DomainError('GUARDIAN_NOT_FOUND', 'no person with the guardian’s personal identity code', {}, 'not_found');
    const outcome = await this.pipeline.execute(
      guardianshipStreams,
      {
        type: 'RecordGuardianship',
        childRef: child.personRef,
        guardianRef: guardian.personRef,
        childBirthDate: child.hetu.birthDate,
        from: row.date,
        to: row.to,
        feesJoin: row.feesJoin,
        feesDefault: this.config.feeGuardianDefault,
      },
      envelope,
    );
    return outcome.events.length > 0;
  }

  private async applyRow(row: ChunkItem['row'], area: ChoiceArea, defaultFor: DefaultFor, envelope: CommandEnvelope): Promise<boolean> {
    const { personRef, hetu } =
      row.type === 'resident-registered'
        ? (await this.registry.resolve(row.identityCode, true))!
        : await this.registry.require(row.identityCode);
    const command = await commandFor(row, personRef, hetu, area, defaultFor);
    return (await this.pipeline.execute(listingStreams, command, envelope)).events.length > 0;
  }
}

type GuardianshipRow = Extract<PopulationRow, { type: 'guardianship' }>;
type ChunkItem = { line: number; row: Exclude<PopulationRow, GuardianshipRow> };
type DefaultFor = (postalCode: string) => Promise<StationTarget | null>;

const CHANNEL = 'population-register';

/** The listing command a register row stands for. */
async function commandFor(
  row: ChunkItem['row'],
  personRef: PersonRef,
  hetu: ParsedHetu,
  area: ChoiceArea,
  defaultFor: DefaultFor,
): Promise<ListingCommand> {
  switch (row.type) {
    case 'resident-registered':
      return {
        type: 'RegisterResident',
        personRef,
        birthDate: hetu.birthDate,
        sex: hetu.sex,
        postalCode: row.postalCode,
        municipalityCode: row.municipalityCode,
        residentFrom: row.date,
        area,
        defaultStation: await defaultFor(row.postalCode),
      };
    case 'moved':
      return {
        type: 'MoveResident',
        personRef,
        movedOn: row.date,
        postalCode: row.postalCode,
        municipalityCode: row.municipalityCode,
        area,
        defaultStation: await defaultFor(row.postalCode),
      };
    case 'died':
      return { type: 'RecordDeath', personRef, diedOn: row.date };
  }
}
