/**
 * The age and sex structure of Finland's population in five-year age groups, as shares of the
 * whole population (every cell of the table together is 1).
 *
 * PROVENANCE, stated plainly: written from general knowledge of Statistics Finland's population
 * structure statistics of the early 2020s (about 5.6 million residents: small and shrinking child
 * cohorts after the falling births of the 2010s, large cohorts born around 1950 and 1990, women the
 * majority from the late sixties on), rounded to thousands of people; NOT downloaded and not checked
 * against the published table. It shapes a synthetic dataset and is no statement about Finland.
 *
 * One line per group: first age | last age (inclusive) | men (thousands) | women (thousands).
 */
export const STRUCTURE_SOURCE =
  'approximate, written from knowledge of Statistics Finland population structure (early 2020s), not downloaded';

const STRUCTURE_TABLE = `
0|4|122|116
5|9|142|136
10|14|155|148
15|19|152|145
20|24|163|153
25|29|180|168
30|34|188|176
35|39|187|176
40|44|180|171
45|49|165|160
50|54|175|172
55|59|180|180
60|64|178|183
65|69|170|183
70|74|165|185
75|79|118|145
80|84|68|95
85|89|33|58
90|94|11|25
95|100|2|6
`;

export type DatasetSex = 'male' | 'female';

export interface AgeSexCell {
  /** The group's first and last age in completed years (the last group is cut at 100). */
  fromAge: number;
  toAge: number;
  sex: DatasetSex;
  /** This cell's share of the whole population. */
  share: number;
}

const rows = STRUCTURE_TABLE.split('\n')
  .map((l) => l.trim())
  .filter(Boolean)
  .map((l) => l.split('|').map(Number) as [number, number, number, number]);
const total = rows.reduce((n, [, , men, women]) => n + men + women, 0);

/** Every age group × sex, men and women of a group side by side, youngest first. */
export const AGE_SEX_CELLS: readonly AgeSexCell[] = rows.flatMap(([fromAge, toAge, men, women]) => [
  { fromAge, toAge, sex: 'male' as const, share: men / total },
  { fromAge, toAge, sex: 'female' as const, share: women / total },
]);
