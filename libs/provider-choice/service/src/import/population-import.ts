import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { isDomainError, type PersonRef } from '@luotsi/kernel';
import { PersonRegistry, type Actor } from '@luotsi/runtime';
import type { ChoiceArea, StationTarget } from '@luotsi/provider-choice-domain';
import { ProviderChoiceCommands } from '../provider-choice.commands';
import { CSV_HEADER, parseLine, toPopulationRow, type PopulationRow } from './population-rows';

export interface ImportReport {
  rows: number;
  applied: number;
  unchanged: number;
  failed: number;
  /** The first 1000 failures; `failed` counts them all. */
  errors: Array<{ line: number; code: string; message: string }>;
}

const CHUNK = 1024;

/**
 * Applies a population-register file row by row: every row is its own idempotent command, so a
 * re-sent file changes nothing and a bad row is reported without stopping the rest. Rows of one
 * person keep their order; different people are processed concurrently.
 */
@Injectable()
export class PopulationImport {
  constructor(private readonly commands: ProviderChoiceCommands, private readonly registry: PersonRegistry) {}

  async run(input: Readable, format: 'ndjson' | 'csv', actor: Actor, concurrency: number): Promise<ImportReport> {
    // Correlation ids name the import run and line, never anything derived from the person.
    const importId = `population-import:${randomUUID()}`;
    const report: ImportReport = { rows: 0, applied: 0, unchanged: 0, failed: 0, errors: [] };
    const area = await this.commands.area();
    const defaults = new Map<string, Promise<StationTarget | null>>();
    const defaultFor = (postalCode: string) => {
      if (!defaults.has(postalCode)) defaults.set(postalCode, this.commands.defaultTarget(area, postalCode));
      return defaults.get(postalCode)!;
    };
    const fail = (line: number, error: unknown) => {
      report.failed += 1;
      if (report.errors.length < 1000) {
        report.errors.push(isDomainError(error) ? { line, code: error.code, message: error.message } : { line, code: 'ROW_FAILED', message: 'the row could not be applied; it was logged' });
      }
    };
    let chunk: Array<{ line: number; row: PopulationRow }> = [];
    const flush = async () => {
      await this.applyChunk(chunk, area, defaultFor, actor, concurrency, report, fail, importId);
      chunk = [];
    };
    let lineNo = 0;
    for await (const raw of createInterface({ input, crlfDelay: Infinity })) {
      lineNo += 1;
      const line = raw.trim();
      if (!line || (format === 'csv' && lineNo === 1 && line.toLowerCase().startsWith(CSV_HEADER[0]!))) continue;
      report.rows += 1;
      try {
        chunk.push({ line: lineNo, row: toPopulationRow(parseLine(line, format)) });
      } catch (error) {
        fail(lineNo, error);
      }
      if (chunk.length >= CHUNK) await flush();
    }
    await flush();
    report.errors.sort((a, b) => a.line - b.line);
    return report;
  }

  private async applyChunk(
    chunk: Array<{ line: number; row: PopulationRow }>,
    area: ChoiceArea,
    defaultFor: (postalCode: string) => Promise<StationTarget | null>,
    actor: Actor,
    concurrency: number,
    report: ImportReport,
    fail: (line: number, error: unknown) => void,
    importId: string,
  ): Promise<void> {
    const byPerson = new Map<string, Array<{ line: number; row: PopulationRow }>>();
    for (const item of chunk) byPerson.set(item.row.identityCode, [...(byPerson.get(item.row.identityCode) ?? []), item]);
    const lanes = [...byPerson.values()];
    const worker = async () => {
      for (let lane = lanes.shift(); lane; lane = lanes.shift()) {
        for (const { line, row } of lane) {
          try {
            const changed = await this.applyRow(row, area, defaultFor, actor, `${importId}:${line}`);
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

  private async applyRow(row: PopulationRow, area: ChoiceArea, defaultFor: (postalCode: string) => Promise<StationTarget | null>, actor: Actor, correlationId: string): Promise<boolean> {
    const ctx = { actor, correlationId, channel: 'population-register' };
    if (row.type === 'resident-registered') {
      const { personRef, hetu, created } = (await this.registry.resolve(row.identityCode, true))!;
      const command = { type: 'RegisterResident' as const, personRef, birthDate: hetu.birthDate, sex: hetu.sex, postalCode: row.postalCode, municipalityCode: row.municipalityCode, residentFrom: row.date, area, defaultStation: await defaultFor(row.postalCode) };
      return (await this.commands.listing(personRef, command, ctx, created)).events.length > 0;
    }
    const { personRef } = await this.registry.require(row.identityCode);
    if (row.type === 'moved') {
      const command = { type: 'MoveResident' as const, personRef: personRef as PersonRef, movedOn: row.date, postalCode: row.postalCode, municipalityCode: row.municipalityCode, area, defaultStation: await defaultFor(row.postalCode) };
      return (await this.commands.listing(personRef, command, ctx)).events.length > 0;
    }
    return (await this.commands.listing(personRef, { type: 'RecordDeath', personRef, diedOn: row.date }, ctx)).events.length > 0;
  }
}

