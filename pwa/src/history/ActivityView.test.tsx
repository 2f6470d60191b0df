import 'fake-indexeddb/auto';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import i18next from 'i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FehristDatabase, openUserDatabase } from '../store/db';
import { mutate } from '../store/mutate';
import { FakeAuditServer, historyEntry } from '../test/audit-server';
import { initComponentTranslations } from '../test/i18n';
import ActivityView from './ActivityView';

vi.mock('../i18n/history-strings', () => ({ addHistoryStrings: () => undefined }));

const userID = 'user-1';
const zone = 'Asia/Karachi';
// Friday 4 December 2026, 15:00 in Karachi.
const now = new Date('2026-12-04T10:00:00Z');
let db: FehristDatabase;
let server: FakeAuditServer;
let liveTaskId: string;
const deletedTaskId = '00000000-0000-4000-8000-0000000000dd';

beforeAll(async () => {
  await initComponentTranslations();
});

beforeEach(async () => {
  db = await openUserDatabase(userID, `activity-view-${crypto.randomUUID()}`);
  liveTaskId = crypto.randomUUID();
  await mutate(db, 'createTask', { id: liveTaskId, title: 'Pay rent', time_zone: zone }, now);
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
  server = new FakeAuditServer(userID);
  server.entries.push(
    historyEntry({
      task_id: liveTaskId,
      type: 'created',
      occurred_at: '2026-11-30T05:00:00.000Z',
    }),
    historyEntry({
      task_id: deletedTaskId,
      type: 'completed',
      source: 'chat',
      title: 'Old errand',
      occurred_at: '2026-12-03T06:00:00.000Z',
    }),
    historyEntry({
      task_id: deletedTaskId,
      type: 'deleted',
      source: 'chat',
      title: 'Old errand',
      occurred_at: '2026-12-03T07:00:00.000Z',
    }),
    historyEntry({
      task_id: liveTaskId,
      type: 'completed',
      source: 'reminder',
      occurred_at: '2026-12-04T05:00:00.000Z',
    }),
  );
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

/** Reads each day's heading and the text of its entries, newest first. */
function days(): Array<[string, string[]]> {
  return [...document.querySelectorAll('.activity-day')].map((day) => [
    day.querySelector('h3')?.textContent ?? '',
    [...day.querySelectorAll('li.history-entry')].map((item) => item.textContent ?? ''),
  ]);
}

function renderView(onOpenTask = vi.fn()) {
  render(
    <ActivityView
      db={db}
      userID={userID}
      userZone={zone}
      onOpenTask={onOpenTask}
      onClose={() => undefined}
    />,
  );
  return onOpenTask;
}

describe('ActivityView', () => {
  it('lists what was completed today', async () => {
    renderView();

    await waitFor(() => expect(days()).toHaveLength(1));
    expect(days()).toEqual([['Today', ['Pay rentCompleted10:00 AMfrom a reminder']]]);
    const query = server.requests[0]?.url.searchParams;
    expect(query?.get('type')).toBe('completed');
    // Midnight in Karachi (UTC+5).
    expect(query?.get('from')).toBe('2026-12-03T19:00:00.000Z');
  });

  it('lists this week newest first, grouped by day', async () => {
    renderView();
    await waitFor(() => expect(days()).toHaveLength(1));

    fireEvent.click(screen.getByRole('button', { name: 'This week', hidden: true }));

    await waitFor(() => expect(days()).toHaveLength(3));
    expect(days()).toEqual([
      ['Today', ['Pay rentCompleted10:00 AMfrom a reminder']],
      [
        'Yesterday',
        ['Old errandDeleted12:00 PMfrom the chat', 'Old errandCompleted11:00 AMfrom the chat'],
      ],
      ['Monday, November 30', ['Pay rentCreated10:00 AMin the app']],
    ]);
    const query = server.requests.at(-1)?.url.searchParams;
    expect(query?.has('type')).toBe(false);
    // Monday 30 November, midnight in Karachi.
    expect(query?.get('from')).toBe('2026-11-29T19:00:00.000Z');
  });

  it('opens a task that still exists, and only that', async () => {
    const onOpenTask = renderView();
    fireEvent.click(await screen.findByRole('button', { name: 'This week', hidden: true }));
    await waitFor(() => expect(days()).toHaveLength(3));

    const open = await screen.findAllByRole('button', { name: 'Open “Pay rent”', hidden: true });
    fireEvent.click(open[0] as HTMLElement);

    expect(onOpenTask).toHaveBeenCalledWith(liveTaskId);
    expect(screen.queryByRole('button', { name: 'Open “Old errand”', hidden: true })).toBeNull();
    expect(screen.getAllByText('Old errand')).toHaveLength(2);
  });

  it('renders the labels in Urdu', async () => {
    await act(() => i18next.changeLanguage('ur'));
    renderView();

    await waitFor(() => expect(days()).toHaveLength(1));
    expect(days()).toEqual([['آج', ['Pay rentمکمل کیا گیا10:00 AMیاد دہانی سے']]]);
    expect(screen.getByRole('heading', { name: 'سرگرمی', hidden: true })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'اس ہفتے', hidden: true })).toBeTruthy();
  });

  it('shows the stored entries offline', async () => {
    renderView();
    fireEvent.click(await screen.findByRole('button', { name: 'This week', hidden: true }));
    await waitFor(() => expect(days()).toHaveLength(3));
    cleanup();

    server.offline = true;
    renderView();
    fireEvent.click(await screen.findByRole('button', { name: 'This week', hidden: true }));

    await screen.findByText('You are offline. History is shown as of the last sync.');
    await waitFor(() => expect(days()).toHaveLength(3));
    expect(days()[1]?.[1]).toEqual([
      'Old errandDeleted12:00 PMfrom the chat',
      'Old errandCompleted11:00 AMfrom the chat',
    ]);
  });
});
