import { describe, expect, it } from 'vitest';
import { parseReminderJobName, reminderJobName } from '../src/scheduler/dapr-jobs';

describe('reminder job names', () => {
  const taskId = '0b7e6a3c-5d1f-4c8e-9a2b-3c4d5e6f7a8b';

  it('names a job after the task and the epoch second', () => {
    expect(reminderJobName(taskId, '2027-03-10T04:45:00.000Z')).toBe(
      `reminder-${taskId}-1804653900`,
    );
  });

  it('reads the task and the instant back', () => {
    expect(parseReminderJobName(`reminder-${taskId}-1804653900`)).toEqual({
      taskId,
      remindAt: '2027-03-10T04:45:00.000Z',
    });
  });

  it.each([
    'nightly-backup',
    `reminder-${taskId}`,
    'reminder-not-a-uuid-1804653900',
    `reminder-${taskId}-12x`,
  ])('ignores %s', (name) => {
    expect(parseReminderJobName(name)).toBeUndefined();
  });
});
