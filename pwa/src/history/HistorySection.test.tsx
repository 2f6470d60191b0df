import 'fake-indexeddb/auto';
import type { Task } from '@fehrist/domain';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import i18next from 'i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FehristDatabase, openUserDatabase } from '../store/db';
import { FakeAuditServer, historyEntry } from '../test/audit-server';
import { initComponentTranslations } from '../test/i18n';
import { HistorySection } from './HistorySection';

// The json-sections plugin that loads the history strings is not part of the unit tests; the
// test translations hold every section already.
vi.mock('../i18n/history-strings', () => ({ addHistoryStrings: () => undefined }));

const userID = 'user-1';
const taskId = '00000000-0000-4000-8000-000000000001';
let db: FehristDatabase;
let server: FakeAuditServer;

const task: Task = {
  id: taskId,
  title: 'Pay the rent',
  description: '',
  completed: true,
  completed_at: '2026-12-04T05:00:00.000Z',
  priority: 'high',
  tags: [],
  due_date: null,
  due_time: null,
  time_zone: 'Asia/Karachi',
  due_at: null,
  recurrence: null,
  reminders: [],
  created_at: '2026-12-01T04:00:00.000Z',
  updated_at: '2026-12-04T05:00:00.000Z',
  version: 3,
  deleted: false,
};

beforeAll(async () => {
  await initComponentTranslations();
});

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-12-04T10:00:00Z'));
  db = await openUserDatabase(userID, `history-section-${crypto.randomUUID()}`);
  server = new FakeAuditServer(userID);
  vi.stubGlobal('fetch', server.fetch);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(async () => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  db.close();
  await act(() => i18next.changeLanguage('en'));
});

/** Reads the visible text of each entry, without the isolates around user text. */
function entryTexts(): string[] {
  return [...document.querySelectorAll('li.history-entry')].map((item) =>
    (item.textContent ?? '').replace(/[\u2068\u2069]/g, ''),
  );
}

function addStory() {
  server.entries.push(
    historyEntry({
      task_id: taskId,
      type: 'created',
      occurred_at: '2026-12-01T04:00:00.000Z',
      changes: [{ field: 'title', old: null, new: 'Pay rent' }],
    }),
    historyEntry({
      task_id: taskId,
      source: 'rest',
      occurred_at: '2026-12-03T13:30:00.000Z',
      title: 'Pay the rent',
      changes: [
        { field: 'title', old: 'Pay rent', new: 'Pay the rent' },
        { field: 'priority', old: 'none', new: 'high' },
      ],
    }),
    historyEntry({
      task_id: taskId,
      type: 'completed',
      source: 'reminder',
      occurred_at: '2026-12-04T05:00:00.000Z',
      title: 'Pay the rent',
      changes: [
        { field: 'completed', old: false, new: true },
        { field: 'completed_at', old: null, new: '2026-12-04T05:00:00.000Z' },
      ],
    }),
  );
}

describe('HistorySection', () => {
  it('lists changes oldest first with source and time', async () => {
    addStory();
    render(<HistorySection db={db} userID={userID} task={task} userZone="UTC" />);

    await screen.findByText('Created');
    expect(entryTexts()).toEqual([
      'CreatedDec 1, 9:00 AMin the app',
      'Title: Pay rent → Pay the rentPriority: No priority → Highyesterday 6:30 PMthrough the API',
      'Completedtoday 10:00 AMfrom a reminder',
    ]);
    expect(server.requests[0]?.url.pathname).toBe(`/api/${userID}/activity`);
    expect(server.requests[0]?.url.searchParams.get('task_id')).toBe(taskId);
    expect(server.requests[0]?.url.searchParams.get('limit')).toBe('50');
    expect(server.requests[0]?.authorization).toBe('Bearer test-token');
  });

  it('renders the entries in Urdu', async () => {
    addStory();
    await act(() => i18next.changeLanguage('ur'));
    render(<HistorySection db={db} userID={userID} task={task} userZone="UTC" />);

    await screen.findByText('بنایا گیا');
    expect(screen.getByRole('heading', { name: 'تاریخچہ', hidden: true })).toBeTruthy();
    expect(entryTexts()).toEqual([
      'بنایا گیا1 دسمبر، 9:00 AMایپ میں',
      'عنوان: Pay rent ← Pay the rentترجیح: کوئی ترجیح نہیں ← اعلیٰگزشتہ کل 6:30 PMAPI کے ذریعے',
      'مکمل کیا گیاآج 10:00 AMیاد دہانی سے',
    ]);
  });

  it('loads the latest changes first and earlier ones on request', async () => {
    for (let index = 0; index < 60; index += 1) {
      server.entries.push(
        historyEntry({
          task_id: taskId,
          changes: [{ field: 'title', old: `Title ${index}`, new: `Title ${index + 1}` }],
        }),
      );
    }
    render(<HistorySection db={db} userID={userID} task={task} userZone="UTC" />);

    const earlier = await screen.findByRole('button', {
      name: 'Show earlier changes',
      hidden: true,
    });
    expect(entryTexts()).toHaveLength(50);
    expect(entryTexts()[0]).toContain('Title: Title 10 → Title 11');
    expect(entryTexts()[49]).toContain('Title: Title 59 → Title 60');
    fireEvent.click(earlier);

    await waitFor(() => expect(entryTexts()).toHaveLength(60));
    expect(entryTexts()[0]).toContain('Title: Title 0 → Title 1');
    expect(entryTexts()[59]).toContain('Title: Title 59 → Title 60');
    expect(screen.queryByRole('button', { name: 'Show earlier changes', hidden: true })).toBeNull();
    expect(server.requests[1]?.url.searchParams.get('cursor')).toBe('50');
  });

  it('shows the stored history offline', async () => {
    addStory();
    const first = render(<HistorySection db={db} userID={userID} task={task} userZone="UTC" />);
    await screen.findByText('Created');
    first.unmount();

    server.offline = true;
    render(<HistorySection db={db} userID={userID} task={task} userZone="UTC" />);

    await screen.findByText('You are offline. History is shown as of the last sync.');
    expect(entryTexts()).toHaveLength(3);
    expect(entryTexts()[2]).toContain('from a reminder');
  });

  it('says when a failed request left nothing stored', async () => {
    server.offline = true;
    render(<HistorySection db={db} userID={userID} task={task} userZone="UTC" />);

    await screen.findByText('You are offline. History is shown as of the last sync.');
    expect(screen.getByText('No changes recorded yet.')).toBeTruthy();
  });
});
