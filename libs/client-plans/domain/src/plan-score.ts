import type { LocalDate } from '@luotsi/kernel';
import { tScore, type Rho } from './gas';
import type { Goal, PlanVersion } from './plan-model';

/** A goal's level on a date: its last follow-up on or before it, else its baseline. */
export function levelOn(goal: Goal, day: LocalDate): number {
  let level = goal.baselineLevel;
  let at = '';
  for (const f of goal.followUps) {
    if (f.on <= day && f.on >= at) {
      level = f.level;
      at = f.on;
    }
  }
  return level;
}

/**
 * The plan's GAS T-score on a date over its scored goals (active, achieved or not achieved: a
 * proposed goal is not yet agreed, a cancelled one no longer counts), or null without any.
 */
export function planTScore(plan: PlanVersion, rho: Rho, day: LocalDate): number | null {
  const goals = plan.goals.filter((g) => g.status === 'active' || g.status === 'achieved' || g.status === 'not-achieved');
  return tScore(
    goals.map((g) => ({ level: levelOn(g, day), weight: g.weight })),
    rho,
  );
}
