import type { Row } from './measure';
export async function billingBench(_url: string, _scale: number): Promise<Row[]> {
  return [];
}
