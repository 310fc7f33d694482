/** The roles Luotsi knows; the realm defines exactly these, and a token's other roles are dropped. */
export const LUOTSI_ROLES = [
  'resident',
  'guidance',
  'plan-worker',
  'county',
  'finance',
  'provider',
  'municipality',
  'auditor',
  'operator',
] as const;
export type LuotsiRole = (typeof LUOTSI_ROLES)[number];

export const isLuotsiRole = (value: unknown): value is LuotsiRole =>
  typeof value === 'string' && (LUOTSI_ROLES as readonly string[]).includes(value);

/**
 * Who is calling, from a verified access token. `identityCode` is a resident's hetu: it is
 * non-enumerable, so JSON.stringify, pino and object spreads never carry it into a log line or a
 * response body by accident. Read it explicitly where it is resolved to a personRef, and nowhere else.
 */
export interface Principal {
  /** The token's `sub`: stable per user or service account at the issuer. */
  readonly subject: string;
  readonly roles: readonly LuotsiRole[];
  /** A provider account's (or provider staff user's) provider id. */
  readonly providerId?: string;
  /** A municipality account's three-digit municipality code, e.g. '837'. */
  readonly municipality?: string;
  /** A staff user's organisation, e.g. 'pirkanmaa'. */
  readonly organisation?: string;
  /** Residents only; never log or echo it. Non-enumerable. */
  readonly identityCode?: string;
  /** Level of assurance of the sign-in, e.g. 'substantial' or 'high' (see requireAcr). */
  readonly acr?: string;
  /** `preferred_username`, for the access log; not an identifier (use `subject`). */
  readonly username?: string;
  /** The client the token was issued to (`azp`), e.g. 'luotsi-web' or 'provider-mehilainen'. */
  readonly clientId?: string;
}

export interface PrincipalFields {
  subject: string;
  roles: readonly LuotsiRole[];
  providerId?: string | undefined;
  municipality?: string | undefined;
  organisation?: string | undefined;
  identityCode?: string | undefined;
  acr?: string | undefined;
  username?: string | undefined;
  clientId?: string | undefined;
}

/** Builds a Principal whose identity code is hidden from enumeration (see Principal). */
export function makePrincipal(fields: PrincipalFields): Principal {
  const { identityCode, ...rest } = fields;
  const out: Record<string, unknown> = { subject: rest.subject, roles: Object.freeze([...rest.roles]) };
  for (const key of ['providerId', 'municipality', 'organisation', 'acr', 'username', 'clientId'] as const) {
    if (rest[key] !== undefined) out[key] = rest[key];
  }
  if (identityCode !== undefined) Object.defineProperty(out, 'identityCode', { value: identityCode, enumerable: false });
  return Object.freeze(out) as unknown as Principal;
}
