import type { Task } from '@fehrist/domain';
import { describe, expect, it } from 'vitest';
import { notificationLanguage } from '../src/push/messages';
import { buildReminderPayload, describeDue } from '../src/push/payload';

function task(fields: Partial<Task>): Task {
  return {
    id: '0b7e6a3c-5d1f-4c8e-9a2b-3c4d5e6f7a8b',
    title: 'Pay rent',
    description: '',
    completed: false,
    completed_at: null,
    priority: 'none',
    tags: [],
    due_date: null,
    due_time: null,
    time_zone: 'UTC',
    due_at: null,
    recurrence: null,
    reminders: [],
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    version: 1,
    deleted: false,
    ...fields,
  };
}

describe('describeDue', () => {
  it.each([
    [
      'timed due in Karachi',
      {
        due_date: '2026-08-08',
        due_time: '18:00',
        time_zone: 'Asia/Karachi',
        due_at: '2026-08-08T13:00:00.000Z',
      },
      'en',
      'Due Sat, Aug 8, 6:00 PM',
    ],
    [
      'timed due across the date line',
      {
        due_date: '2026-08-08',
        due_time: '07:30',
        time_zone: 'Pacific/Auckland',
        due_at: '2026-08-07T19:30:00.000Z',
      },
      'en',
      'Due Sat, Aug 8, 7:30 AM',
    ],
    [
      'half-hour zone',
      {
        due_date: '2026-08-08',
        due_time: '09:00',
        time_zone: 'Asia/Kolkata',
        due_at: '2026-08-08T03:30:00.000Z',
      },
      'en',
      'Due Sat, Aug 8, 9:00 AM',
    ],
    [
      'date-only due west of UTC',
      { due_date: '2026-08-08', time_zone: 'America/Bogota' },
      'en',
      'Due Sat, Aug 8',
    ],
    [
      'date-only due east of UTC',
      { due_date: '2026-08-08', time_zone: 'Pacific/Kiritimati' },
      'en',
      'Due Sat, Aug 8',
    ],
    ['no due date', {}, 'en', 'Reminder'],
    [
      'timed due in Urdu',
      {
        due_date: '2026-08-08',
        due_time: '18:00',
        time_zone: 'Asia/Karachi',
        due_at: '2026-08-08T13:00:00.000Z',
      },
      'ur',
      'مقررہ وقت: ہفتہ، 8 اگست، 6:00 PM',
    ],
    ['no due date in Urdu', {}, 'ur', 'یاد دہانی'],
  ] as const)('%s', (_name, fields, language, expected) => {
    expect(describeDue(task(fields), language)).toBe(expected);
  });
});

describe('buildReminderPayload', () => {
  it('carries the task, the times, the actions and the link', () => {
    const payload = buildReminderPayload(
      task({
        due_date: '2026-08-08',
        due_time: '18:00',
        time_zone: 'Asia/Karachi',
        due_at: '2026-08-08T13:00:00.000Z',
      }),
      '2026-08-08T12:45:00.000Z',
      true,
      'en',
    );

    expect(payload).toEqual({
      type: 'reminder',
      task_id: '0b7e6a3c-5d1f-4c8e-9a2b-3c4d5e6f7a8b',
      title: 'Pay rent',
      body: 'Due Sat, Aug 8, 6:00 PM',
      due_at: '2026-08-08T13:00:00.000Z',
      remind_at: '2026-08-08T12:45:00.000Z',
      late: true,
      actions: [
        { action: 'complete', title: 'Mark done' },
        { action: 'snooze', title: 'Snooze 10 minutes' },
      ],
      url: '/tasks/0b7e6a3c-5d1f-4c8e-9a2b-3c4d5e6f7a8b',
      tag: 'reminder-0b7e6a3c-5d1f-4c8e-9a2b-3c4d5e6f7a8b-1786193100',
    });
  });

  it('keeps the title as the user wrote it, in Urdu actions', () => {
    const payload = buildReminderPayload(
      task({ title: 'دودھ خریدنا' }),
      '2026-08-08T12:45:00.000Z',
      false,
      'ur',
    );

    expect(payload.title).toBe('دودھ خریدنا');
    expect(payload.actions.map((action) => action.title)).toEqual([
      'مکمل کریں',
      '10 منٹ بعد یاد دلائیں',
    ]);
  });
});

describe('notificationLanguage', () => {
  it.each([
    ['ur', 'ur'],
    ['ur-PK', 'ur'],
    ['UR_pk', 'ur'],
    ['en-GB', 'en'],
    ['fr', 'en'],
    [null, 'en'],
  ] as const)('%s gives %s', (tag, expected) => {
    expect(notificationLanguage(tag)).toBe(expected);
  });
});
