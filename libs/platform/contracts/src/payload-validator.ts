import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ContextContract } from './integration-contract';

export type PayloadCheck = { ok: true } | { ok: false; errors: string[] };

/**
 * A public payload checked against its contract's JSON schema before it leaves the context: a
 * mapping that drifted from its schema is caught at the gateway, not by every consumer.
 */
export class PayloadValidator {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(contract: ContextContract) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    for (const def of contract.events) this.validators.set(def.domainType, ajv.compile(def.schema));
  }

  check(domainType: string, payload: unknown): PayloadCheck {
    const validate = this.validators.get(domainType);
    if (!validate) return { ok: false, errors: [`no schema for ${domainType}`] };
    if (validate(payload)) return { ok: true };
    return { ok: false, errors: (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`) };
  }
}
