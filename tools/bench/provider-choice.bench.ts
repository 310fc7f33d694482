import type { Row } from './measure';
export async function providerChoiceBench(_url: string, _brokers: string[], _scale: number): Promise<Row[]> {
  return [];
}
