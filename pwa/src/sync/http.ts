/** A sync request that reached the server and got a status other than 2xx. */
export class SyncHttpError extends Error {
  readonly status: number;
  /** The `detail` or `title` of an application/problem+json body, when there was one. */
  readonly detail: string | undefined;

  constructor(url: string, status: number, detail: string | undefined) {
    super(`POST ${url} failed with HTTP ${status}${detail ? `: ${detail}` : ''}`);
    this.name = 'SyncHttpError';
    this.status = status;
    this.detail = detail;
  }
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * Posts JSON with the session cookie and returns the parsed JSON body. Throws SyncHttpError
 * for a non-2xx status and lets fetch's TypeError through for a network failure.
 */
export async function postJson<T>(
  fetchImpl: FetchLike,
  url: string,
  body: unknown,
  options: { keepalive?: boolean } = {},
): Promise<T> {
  const response = await fetchImpl(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
    keepalive: options.keepalive ?? false,
  });
  if (!response.ok) throw new SyncHttpError(url, response.status, await readProblem(response));
  return (await response.json()) as T;
}

async function readProblem(response: Response): Promise<string | undefined> {
  try {
    const problem = (await response.json()) as { detail?: unknown; title?: unknown };
    if (typeof problem.detail === 'string') return problem.detail;
    if (typeof problem.title === 'string') return problem.title;
  } catch {
    // A body that is not JSON (a proxy's HTML error page, say) has no detail to show.
  }
  return undefined;
}
