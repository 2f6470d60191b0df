// An in-memory audit service for unit tests: the token route and the two history routes, with
// the real routes' order and cursor paging, recording each request.
import type { HistoryEntry } from '../store/db';

export interface RecordedHistoryRequest {
  url: URL;
  authorization: string | null;
}

const byVersion = (a: HistoryEntry, b: HistoryEntry) =>
  a.version - b.version || Number(a.id) - Number(b.id);

export class FakeAuditServer {
  readonly entries: HistoryEntry[] = [];
  readonly requests: RecordedHistoryRequest[] = [];
  /** While true, every request fails as it does without a network. */
  offline = false;

  constructor(readonly userID: string) {}

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    if (this.offline) throw new TypeError('Failed to fetch');
    const url = new URL(String(input), 'http://app.test');
    if (url.pathname === '/api/auth/token') return Response.json({ token: 'test-token' });
    this.requests.push({ url, authorization: new Headers(init?.headers).get('authorization') });

    const history = /^\/api\/([^/]+)\/tasks\/([^/]+)\/history$/.exec(url.pathname);
    const activity = /^\/api\/([^/]+)\/activity$/.exec(url.pathname);
    const user = decodeURIComponent(history?.[1] ?? activity?.[1] ?? '');
    if (user !== this.userID) return Response.json({ code: 'forbidden' }, { status: 403 });

    if (history) {
      const taskId = decodeURIComponent(history[2] ?? '');
      const events = this.entries.filter((entry) => entry.task_id === taskId).sort(byVersion);
      if (events.length === 0) return Response.json({ code: 'not_found' }, { status: 404 });
      return Response.json({ task_id: taskId, ...this.#page(events, url) });
    }
    if (activity) {
      const types = url.searchParams.get('type')?.split(',') ?? [];
      const from = url.searchParams.get('from');
      const taskId = url.searchParams.get('task_id');
      const events = this.entries
        .filter((entry) => !taskId || entry.task_id === taskId)
        .filter((entry) => types.length === 0 || types.includes(entry.type))
        .filter((entry) => !from || Date.parse(entry.occurred_at) >= Date.parse(from))
        .sort((a, b) => byVersion(b, a));
      return Response.json(this.#page(events, url));
    }
    return Response.json({ code: 'not_found' }, { status: 404 });
  };

  /** Pages by position: the cursor is the index of the page's first entry. */
  #page(events: HistoryEntry[], url: URL) {
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const start = Number(url.searchParams.get('cursor') ?? 0);
    const end = start + limit;
    return {
      events: events.slice(start, end),
      next_cursor: end < events.length ? String(end) : null,
    };
  }
}

let nextId = 1;

/** Makes an entry; ids and versions count up across calls unless given. */
export function historyEntry(overrides: Partial<HistoryEntry>): HistoryEntry {
  const id = nextId++;
  return {
    id: String(id),
    task_id: '00000000-0000-4000-8000-000000000001',
    type: 'updated',
    source: 'app',
    occurred_at: '2026-12-04T04:14:00.000Z',
    version: id,
    title: 'Pay rent',
    changes: [],
    ...overrides,
  };
}
