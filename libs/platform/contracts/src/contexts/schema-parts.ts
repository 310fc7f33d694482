/** Building blocks for the JSON schemas of integration events (draft 2020-12 subset that AsyncAPI accepts). */
export const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Europe/Helsinki business date' } as const;
export const month = { type: 'string', pattern: '^\\d{4}-\\d{2}$' } as const;
export const personRef = { type: 'string', pattern: '^per_[a-z0-9-]{26,36}$', description: 'Opaque person reference; never a personal identity code' } as const;
export const id = { type: 'string', minLength: 1, maxLength: 100 } as const;
export const cents = { type: 'integer', description: 'Euro cents' } as const;
export const text = { type: 'string' } as const;
export const sex = { enum: ['male', 'female'] } as const;
export const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

export function object(properties: Record<string, unknown>, optional: string[] = []): Record<string, unknown> {
  return { type: 'object', additionalProperties: false, required: Object.keys(properties).filter((k) => !optional.includes(k)), properties };
}
