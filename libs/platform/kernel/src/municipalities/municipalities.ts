import { DomainError } from '../errors';
import { CLASSIFICATION_SOURCE, CLASSIFICATION_YEAR, COUNTY_TABLE, MUNICIPALITY_TABLE } from './classification-2026';

export interface WellbeingCounty {
  /** A stable key, e.g. `pirkanmaa`; `helsinki` for the City of Helsinki. */
  key: string;
  nameFi: string;
  nameSv: string;
}

export interface Municipality {
  /** Statistics Finland's three-digit municipality code, e.g. `837`. */
  code: string;
  nameFi: string;
  nameSv: string;
  /** The wellbeing services county; null for the municipalities of Åland (outside the reform). */
  county: WellbeingCounty | null;
}

const lines = (table: string): string[][] =>
  table
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split('|'));

const COUNTIES = new Map<string, WellbeingCounty>(
  lines(COUNTY_TABLE).map(([key, nameFi, nameSv]) => [key!, { key: key!, nameFi: nameFi!, nameSv: nameSv! }]),
);

const BY_CODE = new Map<string, Municipality>(
  lines(MUNICIPALITY_TABLE).map(([code, nameFi, nameSv, county]) => {
    const c = county === '-' ? null : COUNTIES.get(county!);
    // A typo in the data file must fail at load, not route a resident nowhere.
    if (c === undefined) throw new Error(`municipality ${code}: unknown county ${county}`);
    return [code!, { code: code!, nameFi: nameFi!, nameSv: nameSv!, county: c }];
  }),
);

/** The classification the codes are checked against: which one and of which year. */
export const MUNICIPALITY_CLASSIFICATION = { source: CLASSIFICATION_SOURCE, year: CLASSIFICATION_YEAR, count: BY_CODE.size } as const;

/**
 * Municipality codes, checked against Statistics Finland's classification (not just "three
 * digits"): a code that is not a municipality of the classification year is refused everywhere.
 */
export const Municipalities = {
  isCode(value: unknown): value is string {
    return typeof value === 'string' && BY_CODE.has(value);
  },
  byCode(code: string): Municipality | undefined {
    return BY_CODE.get(code);
  },
  /** The municipality of a code, or a validation error naming the classification. */
  parse(value: unknown): Municipality {
    const m = typeof value === 'string' ? BY_CODE.get(value.trim()) : undefined;
    if (!m)
      throw new DomainError(
        'UNKNOWN_MUNICIPALITY',
        `not a municipality code of the ${CLASSIFICATION_YEAR} classification of municipalities: ${JSON.stringify(value)}`,
        { value: typeof value === 'string' ? value.slice(0, 16) : typeof value, classificationYear: CLASSIFICATION_YEAR },
        'validation',
      );
    return m;
  },
  all(): readonly Municipality[] {
    return [...BY_CODE.values()];
  },
  counties(): readonly WellbeingCounty[] {
    return [...COUNTIES.values()];
  },
  ofCounty(key: string): readonly Municipality[] {
    return [...BY_CODE.values()].filter((m) => m.county?.key === key);
  },
};
