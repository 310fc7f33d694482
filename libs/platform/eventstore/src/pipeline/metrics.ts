import { Counter, Gauge, register } from 'prom-client';

/**
 * Metrics live on prom-client's default register, which `/metrics` serves. A metric may be asked
 * for by several instances (two apps in one test process), so it is created once and then found.
 */
export function counterOf(name: string, help: string, labelNames: readonly string[]): Counter<string> {
  return (register.getSingleMetric(name) as Counter<string> | undefined) ?? new Counter({ name, help, labelNames: [...labelNames] });
}

export function gaugeOf(name: string, help: string, labelNames: readonly string[]): Gauge<string> {
  return (register.getSingleMetric(name) as Gauge<string> | undefined) ?? new Gauge({ name, help, labelNames: [...labelNames] });
}

export const revisionConflicts = (): Counter<string> =>
  counterOf('luotsi_revision_conflicts_total', 'Appends refused for a concurrent write and decided again, per stream category', [
    'category',
  ]);
