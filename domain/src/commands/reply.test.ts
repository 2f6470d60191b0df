import { describe, expect, it } from 'vitest';
import { parseCommand } from './parse-command';
import { DEFAULT_NOW } from './parse-command.cases';
import { replyFor, type TaskSummary } from './reply';
import { COMMAND_LANGUAGES, type ParsedCommand, UNKNOWN_REASONS } from './types';

// Titles sit inside first-strong and pop-directional isolates (U+2068, U+2069).
const en = (title: string) => `“\u2068${title}\u2069”`;
const ur = (title: string) => `”\u2068${title}\u2069“`;
const roman = (title: string) => `"\u2068${title}\u2069"`;

function parse(text: string, zone = 'Asia/Karachi'): ParsedCommand {
  return parseCommand(text, { now: new Date(DEFAULT_NOW), timeZone: zone });
}

const milkTasks: TaskSummary[] = [
  { id: 'a', title: 'Buy milk', due_date: '2026-03-12', due_time: '09:00' },
  { id: 'b', title: 'Buy milk chocolate' },
];

describe('replyFor added', () => {
  it('confirms an English reminder task', () => {
    const command = parse('remind me to call the bank tomorrow at 10');
    const task: TaskSummary = {
      title: 'call the bank',
      due_date: '2026-03-12',
      due_time: '10:00',
      reminders: [{ minutes_before: 0 }],
    };
    expect(replyFor(command, { kind: 'added', task }, 'en')).toBe(
      `Added ${en('call the bank')}. Due Thursday 12 March 2026 at 10:00. Reminder at the due time.`,
    );
  });

  it('confirms the Urdu task in Urdu', () => {
    const command = parse('کل صبح نو بجے دودھ خریدنا یاد دلانا');
    const task: TaskSummary = {
      title: 'دودھ خریدنا',
      due_date: '2026-03-12',
      due_time: '09:00',
      reminders: [{ minutes_before: 0 }],
    };
    expect(replyFor(command, { kind: 'added', task }, 'ur')).toBe(
      `${ur('دودھ خریدنا')} شامل ہو گیا۔ مقررہ وقت: جمعرات 12 مارچ 2026، 09:00۔ یاد دہانی: مقررہ وقت پر۔`,
    );
  });

  it('confirms the Roman Urdu task in Roman Urdu', () => {
    const command = parse('kal subah 9 baje doodh lene ki yaad dilana');
    const task: TaskSummary = {
      title: 'doodh lena',
      due_date: '2026-03-12',
      due_time: '09:00',
      reminders: [{ minutes_before: 30 }],
    };
    expect(replyFor(command, { kind: 'added', task }, 'ur-Latn')).toBe(
      `${roman('doodh lena')} shamil kar diya. Waqt: Jumeraat 12 March 2026, 09:00. Yaad dihani: 30 minute pehle.`,
    );
  });

  it('lists priority, tags and repeat', () => {
    const command = parse('add standup every weekday at 9:30 #work p2');
    const task: TaskSummary = {
      title: 'standup',
      due_date: '2026-03-12',
      due_time: '09:30',
      priority: 'medium',
      tags: ['work'],
      recurrence: { rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', from: 'due' },
    };
    expect(replyFor(command, { kind: 'added', task }, 'en')).toBe(
      `Added ${en('standup')}. Due Thursday 12 March 2026 at 09:30. Priority: medium. Tags: #work. Repeats every weekday.`,
    );
  });

  it.each([
    ['FREQ=DAILY', 'due', 'every day', 'ہر روز', 'har roz'],
    [
      'FREQ=DAILY;INTERVAL=3',
      'completion',
      'every 3 days, counted from completion',
      'ہر 3 دن، مکمل ہونے کے دن سے',
      'har 3 din, mukammal hone ke din se',
    ],
    [
      'FREQ=WEEKLY;BYDAY=MO,TH',
      'due',
      'every Monday and Thursday',
      'ہر پیر اور جمعرات',
      'har Peer aur Jumeraat',
    ],
    [
      'FREQ=MONTHLY;BYMONTHDAY=31',
      'due',
      'every month on day 31',
      'ہر مہینے کی 31 تاریخ',
      'har mahine ki 31 tareekh',
    ],
    [
      'FREQ=MONTHLY;BYMONTHDAY=-1',
      'due',
      'on the last day of every month',
      'ہر مہینے کے آخری دن',
      'har mahine ke aakhri din',
    ],
    ['FREQ=YEARLY', 'due', 'every year', 'ہر سال', 'har saal'],
  ] as const)('describes %s from %s', (rrule, from, english, urdu, romanUrdu) => {
    const command = parse('add rent every month');
    const task: TaskSummary = {
      title: 'rent',
      due_date: '2026-03-31',
      recurrence: { rrule, from },
    };
    expect(replyFor(command, { kind: 'added', task }, 'en')).toContain(`Repeats ${english}.`);
    expect(replyFor(command, { kind: 'added', task }, 'ur')).toContain(`تکرار: ${urdu}۔`);
    expect(replyFor(command, { kind: 'added', task }, 'ur-Latn')).toContain(
      `Dohrana: ${romanUrdu}.`,
    );
  });
});

describe('replyFor candidates', () => {
  it('asks which milk task in English', () => {
    expect(replyFor(parse('delete milk'), { kind: 'candidates', tasks: milkTasks }, 'en')).toBe(
      [
        `2 tasks match ${en('milk')}. Which one do you mean?`,
        `1. ${en('Buy milk')} — Thursday 12 March 2026 at 09:00`,
        `2. ${en('Buy milk chocolate')}`,
        'Nothing has been changed yet.',
      ].join('\n'),
    );
  });

  it('asks which task in Urdu', () => {
    const tasks: TaskSummary[] = [{ title: 'دودھ خریدنا' }, { title: 'دودھ والی چائے' }];
    expect(replyFor(parse('دودھ مٹا دو'), { kind: 'candidates', tasks }, 'ur')).toBe(
      [
        `${ur('دودھ')} سے 2 کام ملتے ہیں۔ آپ کون سا کام کہہ رہے ہیں؟`,
        `1. ${ur('دودھ خریدنا')}`,
        `2. ${ur('دودھ والی چائے')}`,
        'ابھی کچھ تبدیل نہیں ہوا۔',
      ].join('\n'),
    );
  });
});

describe('replyFor rescheduled', () => {
  const moved: TaskSummary[] = [{ title: 'Standup meeting' }, { title: 'Client meeting' }];

  it('lists the moved meetings in English', () => {
    const command = parse('Reschedule my morning meetings to 2 PM');
    expect(replyFor(command, { kind: 'rescheduled', tasks: moved }, 'en')).toBe(
      `Moved 2 tasks to 14:00: ${en('Standup meeting')}, ${en('Client meeting')}.`,
    );
  });

  it('lists the moved meetings in Urdu', () => {
    const command = parse('صبح کی میٹنگز دو بجے کر دو');
    const tasks: TaskSummary[] = [{ title: 'ٹیم میٹنگ' }, { title: 'Client meeting' }];
    expect(replyFor(command, { kind: 'rescheduled', tasks }, 'ur')).toBe(
      `2 کام 14:00 پر منتقل کر دیے گئے: ${ur('ٹیم میٹنگ')}، ${ur('Client meeting')}۔`,
    );
  });

  it('says when nothing moved', () => {
    const command = parse("move today's tasks to tomorrow");
    expect(replyFor(command, { kind: 'rescheduled', tasks: [] }, 'en')).toBe(
      'No tasks matched, so nothing was moved.',
    );
  });
});

describe('replyFor listed', () => {
  it('says nothing is overdue', () => {
    expect(replyFor(parse("what's overdue"), { kind: 'listed', tasks: [] }, 'en')).toBe(
      'Nothing is overdue.',
    );
    expect(replyFor(parse('تاخیر شدہ کام دکھاؤ'), { kind: 'listed', tasks: [] }, 'ur')).toBe(
      'کوئی کام تاخیر شدہ نہیں۔',
    );
  });

  it('lists tasks with their due moments', () => {
    const tasks: TaskSummary[] = [
      milkTasks[0] as TaskSummary,
      { title: 'Pay rent', completed: true },
    ];
    expect(replyFor(parse('show my tasks'), { kind: 'listed', tasks }, 'en')).toBe(
      `2 tasks:\n• ${en('Buy milk')} — Thursday 12 March 2026 at 09:00\n• ${en('Pay rent')} (done)`,
    );
  });

  it('keeps an English title whole in an Urdu list', () => {
    const tasks: TaskSummary[] = [{ title: 'Email Ahmed', due_date: '2026-03-12' }];
    expect(replyFor(parse('آج کے کام دکھاؤ'), { kind: 'listed', tasks }, 'ur')).toBe(
      `1 کام:\n• ${ur('Email Ahmed')} — جمعرات 12 مارچ 2026`,
    );
  });
});

describe('replyFor single task', () => {
  it.each([
    ['complete buy milk', 'completed', 'en', `Marked ${en('Buy milk')} as done.`],
    ['دودھ خریدنا مکمل', 'completed', 'ur', `${ur('Buy milk')} مکمل ہو گیا۔`],
    ['doodh lena ho gaya', 'completed', 'ur-Latn', `${roman('Buy milk')} mukammal ho gaya.`],
    ['delete milk', 'deleted', 'en', `Deleted ${en('Buy milk')}.`],
    ['دودھ مٹا دو', 'deleted', 'ur', `${ur('Buy milk')} حذف ہو گیا۔`],
    ['doodh mita do', 'deleted', 'ur-Latn', `${roman('Buy milk')} mita diya.`],
  ] as const)('%s: %s in %s', (text, kind, language, expected) => {
    expect(replyFor(parse(text), { kind, task: { title: 'Buy milk' } }, language)).toBe(expected);
  });

  it('confirms a rename, a priority and a new due date', () => {
    expect(
      replyFor(
        parse('rename buy milk to buy oat milk'),
        { kind: 'updated', task: { title: 'buy oat milk' } },
        'en',
      ),
    ).toBe(`Renamed to ${en('buy oat milk')}.`);
    expect(
      replyFor(
        parse('رپورٹ کی ترجیح زیادہ کر دو'),
        { kind: 'updated', task: { title: 'رپورٹ' } },
        'ur',
      ),
    ).toBe(`${ur('رپورٹ')} کی ترجیح اب اعلیٰ ہے۔`);
    expect(
      replyFor(
        parse('report ko kal pe shift kar do'),
        { kind: 'updated', task: { title: 'report', due_date: '2026-03-12' } },
        'ur-Latn',
      ),
    ).toBe(`${roman('report')} ka naya waqt: Jumeraat 12 March 2026.`);
  });

  it('confirms reminders by lead time and by moment', () => {
    expect(
      replyFor(
        parse('رپورٹ کے لیے 30 منٹ پہلے یاد دلانا'),
        { kind: 'reminder_set', task: { title: 'رپورٹ' } },
        'ur',
      ),
    ).toBe(`${ur('رپورٹ')} کی یاد دہانی لگا دی گئی: 30 منٹ پہلے۔`);
    const command = parse('remind me about the report tomorrow at 5pm');
    const task: TaskSummary = { title: 'Report', time_zone: 'Asia/Karachi' };
    expect(replyFor(command, { kind: 'reminder_set', task }, 'en')).toBe(
      `I will remind you about ${en('Report')} on Thursday 12 March 2026 at 17:00.`,
    );
    expect(replyFor(command, { kind: 'reminder_set', task: { title: 'Report' } }, 'en')).toBe(
      `I will remind you about ${en('Report')} on Thursday 12 March 2026 at 12:00 UTC.`,
    );
  });

  it('says no task matched, naming the words', () => {
    expect(replyFor(parse('delete milk'), { kind: 'not_found' }, 'en')).toBe(
      `No task matches ${en('milk')}.`,
    );
    expect(replyFor(parse('دودھ مٹا دو'), { kind: 'not_found' }, 'ur')).toBe(
      `${ur('دودھ')} سے ملتا کوئی کام نہیں ملا۔`,
    );
  });

  it('passes a tool error on', () => {
    expect(
      replyFor(parse('complete buy milk'), { kind: 'failed', message: 'task not found' }, 'en'),
    ).toBe('That did not work: task not found');
  });
});

describe('replyFor unknown', () => {
  it.each(COMMAND_LANGUAGES)('explains every reason in %s', (language) => {
    const replies = UNKNOWN_REASONS.map((reason) =>
      replyFor({ tool: 'unknown', language, reason }, null, language),
    );
    for (const reply of replies) expect(reply.length).toBeGreaterThan(10);
    expect(new Set(replies).size).toBe(UNKNOWN_REASONS.length);
  });

  it('answers an Urdu command it did not understand in Urdu', () => {
    const command = parse('کل دودھ خریدنا');
    expect(replyFor(command, null, command.language)).toBe(
      'یہ بات سمجھ میں نہیں آئی، اس لیے کچھ تبدیل نہیں کیا۔ آخر میں حکم لکھیں، مثلاً ”… شامل کرو“، ”… دکھاؤ“، ”… مکمل“، ”… حذف کرو“ یا ”… یاد دلانا“۔',
    );
  });
});

describe('replyFor titles', () => {
  it.each(['دودھ خریدنا', 'Buy milk', 'امی کو فون کرنا #گھر', 'Call <Ahmed> & pay 100%'])(
    'keeps %s exactly as written',
    (title) => {
      for (const language of COMMAND_LANGUAGES) {
        const reply = replyFor(parse('add x'), { kind: 'added', task: { title } }, language);
        expect(reply).toContain(`\u2068${title}\u2069`);
      }
    },
  );
});
