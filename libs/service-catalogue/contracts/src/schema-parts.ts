/** Building blocks of the service catalogue's event schemas (the draft 2020-12 subset AsyncAPI accepts). */
export const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Europe/Helsinki business date' } as const;
export const id = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{0,99}$' } as const;
export const text = { type: 'string' } as const;
export const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });
export const list = (items: object) => ({ type: 'array', items });
export const oneOf = (values: readonly string[]) => ({ enum: [...values] });

export function object(properties: Record<string, unknown>, optional: string[] = []): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    properties,
  };
}

/** A text in fi, sv and/or en: the catalogue's languages, each optional. */
export const localized = object({ fi: text, sv: text, en: text }, ['fi', 'sv', 'en']);
export const municipality = { type: 'string', pattern: '^\\d{3}$' } as const;
const time = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$' } as const;
export const timeRange = object({ opens: time, closes: time });
export const openingHours = object({
  weekly: list(object({ day: oneOf(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']), opens: time, closes: time })),
  publicHolidays: oneOf(['closed', 'sunday-hours', 'regular']),
  exceptions: list(object({ from: date, to: date, closed: { type: 'boolean' }, hours: list(timeRange), description: localized })),
});
export const organisation = object({ id, name: localized, kind: oneOf(['county', 'municipality', 'private', 'third-sector']) });
