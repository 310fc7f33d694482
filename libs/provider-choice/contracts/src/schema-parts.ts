/**
 * Building blocks of provider choice's event schemas (the draft 2020-12 subset AsyncAPI accepts).
 * Kept here rather than imported from @luotsi/contracts: that library still re-exports this one's
 * contract, and a value import back would make a load-order cycle.
 */
export const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Europe/Helsinki business date' } as const;
export const personRef = {
  type: 'string',
  pattern: '^per_[a-z0-9-]{26,36}$',
  description: 'Opaque person reference; never a personal identity code',
} as const;
export const id = { type: 'string', minLength: 1, maxLength: 100 } as const;
export const text = { type: 'string' } as const;
export const sex = { enum: ['male', 'female'] } as const;
export const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

export function object(properties: Record<string, unknown>, optional: string[] = []): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    properties,
  };
}
