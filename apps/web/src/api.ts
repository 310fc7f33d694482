// The API client: every call carries the in-memory access token as a bearer; an error answer keeps
// the API's stable `code`, so pages show the catalogue's text for it, not the server's English.

export interface ApiError {
  status: number;
  code: string;
  message: string;
  details: Record<string, unknown>;
}

export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; error: ApiError };

let accessToken: string | null = null;
export const setAccessToken = (token: string | null): void => {
  accessToken = token;
};

export async function api<T>(
  method: string,
  path: string,
  options: { body?: unknown; idempotent?: boolean; accept?: string } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  if (accessToken) headers['authorization'] = `Bearer ${accessToken}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  // A retried command (double click, flaky network) is answered once, by the key.
  if (options.idempotent) headers['idempotency-key'] = crypto.randomUUID();
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch {
    return { ok: false, error: { status: 0, code: 'NETWORK', message: 'network', details: {} } };
  }
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') && text ? JSON.parse(text) : text;
  if (res.ok) return { ok: true, status: res.status, body: body as T };
  const e = (typeof body === 'object' && body ? body : {}) as Partial<ApiError>;
  return {
    ok: false,
    error: { status: res.status, code: e.code ?? `HTTP_${res.status}`, message: e.message ?? '', details: e.details ?? {} },
  };
}
