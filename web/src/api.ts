// The HTTP side of the app: same-origin fetches with the session cookie and the CSRF header; errors as ApiError.
export const CSRF_HEADERS = { 'x-requested-with': 'practice-peers' } as const;

/** The API's error shape, plus the form field it concerns when the message names one ("body.email: …"). */
export class ApiError extends Error {
  readonly field: string | undefined;
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    const named = /^body\.([A-Za-z0-9_.]+):/.exec(message);
    this.field = named?.[1];
  }
}

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();
/** Called when the API answers 401 (session ended elsewhere, expired, password changed). */
export function onUnauthenticated(fn: Listener): () => void {
  unauthenticatedListeners.add(fn);
  return () => unauthenticatedListeners.delete(fn);
}

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/** GETs started before the page asked for them (at boot, beside GET /me): taken once by the first api() call for that path. */
const preloaded = new Map<string, { at: number; promise: Promise<unknown> }>();

/** Starts a GET now so the page finds it in flight (saves the round trips a page would wait for behind GET /me). */
export function preload(path: string): void {
  const promise = request(path, {});
  promise.catch(() => {}); // a failure is reported to whoever takes it
  preloaded.set(path, { at: Date.now(), promise });
}

export async function api<T>(path: string, options: ApiOptions = {}): Promise<T> {
  if ((options.method ?? 'GET') === 'GET') {
    const early = preloaded.get(path);
    preloaded.delete(path);
    if (early && Date.now() - early.at < 10_000) return early.promise as Promise<T>;
  }
  return request<T>(path, options);
}

async function request<T>(path: string, { method = 'GET', body, signal }: ApiOptions): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? CSRF_HEADERS : { ...CSRF_HEADERS, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached; check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const e = (data ?? {}) as { code?: string; message?: string };
    if (res.status === 401 && path !== '/auth/session') for (const fn of unauthenticatedListeners) fn();
    throw new ApiError(res.status, e.code ?? 'ERROR', e.message ?? `The server answered ${res.status}`);
  }
  return data as T;
}

/** Query string from defined values only. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const s = search.toString();
  return s ? `?${s}` : '';
}
