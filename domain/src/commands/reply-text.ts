import type { Priority } from '../task-model';
import type { CommandLanguage, UnknownReason } from './types';

// The sentences of replies in English, Urdu script and Roman Urdu. Digits stay ASCII in
// every language, as the rest of the Urdu interface writes them.

/** First strong isolate and pop directional isolate (Unicode bidi, UAX #9). */
const FSI = '\u2068';
const PDI = '\u2069';

export interface ReplyText {
  /** A task title in quotes, isolated so an English title keeps an Urdu line right to left. */
  quote(title: string): string;
  /** Joins quoted titles into one list. */
  join(items: string[]): string;
  weekdays: readonly string[];
  months: readonly string[];
  /** A date and a time: "Wednesday 11 March 2026 at 09:00". */
  dateTime(date: string, time: string): string;
  priority: Record<Priority, string>;
  added(title: string): string;
  due(when: string, timed: boolean): string;
  priorityIs(priority: string): string;
  tagsAre(tags: string): string;
  repeats(description: string): string;
  reminderIs(description: string): string;
  listed(count: number): string;
  noneListed: string;
  noneOverdue: string;
  done: string;
  completed(title: string): string;
  deleted(title: string): string;
  renamed(title: string): string;
  priorityChanged(title: string, priority: string): string;
  dueChanged(title: string, when: string): string;
  rescheduled(count: number, when: string, titles: string): string;
  noneRescheduled: string;
  reminderSet(title: string, description: string): string;
  candidates(count: number, text: string): string;
  unchanged: string;
  notFound(text: string): string;
  noneFound: string;
  failed(message: string): string;
  unknown: Record<UnknownReason, string>;
  /** Reminder lead times and moments. */
  atDue: string;
  before(amount: number, unit: 'minute' | 'hour' | 'day' | 'week'): string;
  at(when: string): string;
  and: string;
  /** Repeat descriptions. */
  every(unit: 'day' | 'week' | 'month' | 'year', interval: number): string;
  everyWeekday: string;
  everyWeekdays(names: string): string;
  monthDay(day: number): string;
  lastDayOfMonth: string;
  fromCompletion: string;
}

const ENGLISH_UNITS = { minute: 'minute', hour: 'hour', day: 'day', week: 'week' } as const;

const ENGLISH: ReplyText = {
  quote: (title) => `“${FSI}${title}${PDI}”`,
  join: (items) => items.join(', '),
  weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  months: [
    ...['January', 'February', 'March', 'April', 'May', 'June'],
    ...['July', 'August', 'September', 'October', 'November', 'December'],
  ],
  dateTime: (date, time) => `${date} at ${time}`,
  priority: { high: 'high', medium: 'medium', low: 'low', none: 'no' },
  added: (title) => `Added ${title}.`,
  due: (when) => `Due ${when}.`,
  priorityIs: (priority) => `Priority: ${priority}.`,
  tagsAre: (tags) => `Tags: ${tags}.`,
  repeats: (description) => `Repeats ${description}.`,
  reminderIs: (description) => `Reminder ${description}.`,
  listed: (count) => `${count} ${count === 1 ? 'task' : 'tasks'}:`,
  noneListed: 'No tasks match.',
  noneOverdue: 'Nothing is overdue.',
  done: ' (done)',
  completed: (title) => `Marked ${title} as done.`,
  deleted: (title) => `Deleted ${title}.`,
  renamed: (title) => `Renamed to ${title}.`,
  priorityChanged: (title, priority) => `${title} now has ${priority} priority.`,
  dueChanged: (title, when) => `${title} is now due ${when}.`,
  rescheduled: (count, when, titles) =>
    `Moved ${count} ${count === 1 ? 'task' : 'tasks'} to ${when}: ${titles}.`,
  noneRescheduled: 'No tasks matched, so nothing was moved.',
  reminderSet: (title, description) => `I will remind you about ${title} ${description}.`,
  candidates: (count, text) => `${count} tasks match ${text}. Which one do you mean?`,
  unchanged: 'Nothing has been changed yet.',
  notFound: (text) => `No task matches ${text}.`,
  noneFound: 'No tasks match.',
  failed: (message) => `That did not work: ${message}`,
  unknown: {
    empty: 'Type or say a command, for example “add buy milk tomorrow at 9”.',
    no_command:
      'I did not understand that, so nothing was changed. Start with a command such as “add …”, “show …”, “complete …”, “delete …”, “move … to …” or “remind me to …”.',
    missing_title: 'What is the task? For example “add buy milk”.',
    missing_task: 'Which task? Name it, for example “complete buy milk”.',
    missing_time: 'When? Add a day or a time, for example “tomorrow at 10”.',
    missing_change:
      'What should change? For example “set priority of report to high” or “rename report to annual report”.',
    invalid_date:
      'That date does not exist. Dates are read day first: 13/01/2027 is 13 January 2027.',
    title_too_long: 'That title is too long: a task title can have at most 200 characters.',
    too_long: 'That message is too long to read as one command. Send one short command at a time.',
    bulk_delete:
      'Tasks are deleted one at a time, so nothing was deleted. Name the task, for example “delete buy milk”.',
    filter_too_broad:
      'That would move every task, so nothing was moved. Say which ones, for example “move today’s tasks to tomorrow”.',
  },
  atDue: 'at the due time',
  before: (amount, unit) => `${amount} ${ENGLISH_UNITS[unit]}${amount === 1 ? '' : 's'} before`,
  at: (when) => `on ${when}`,
  and: ' and ',
  every: (unit, interval) => (interval === 1 ? `every ${unit}` : `every ${interval} ${unit}s`),
  everyWeekday: 'every weekday',
  everyWeekdays: (names) => `every ${names}`,
  monthDay: (day) => `every month on day ${day}`,
  lastDayOfMonth: 'on the last day of every month',
  fromCompletion: ', counted from completion',
};

const URDU_UNITS = {
  minute: ['منٹ', 'منٹ'],
  hour: ['گھنٹہ', 'گھنٹے'],
  day: ['دن', 'دن'],
  week: ['ہفتہ', 'ہفتے'],
} as const;

const URDU: ReplyText = {
  // Urdu quotes open with ” and close with “, as the rest of the Urdu interface writes them.
  quote: (title) => `”${FSI}${title}${PDI}“`,
  join: (items) => items.join('، '),
  weekdays: ['پیر', 'منگل', 'بدھ', 'جمعرات', 'جمعہ', 'ہفتہ', 'اتوار'],
  months: [
    ...['جنوری', 'فروری', 'مارچ', 'اپریل', 'مئی', 'جون'],
    ...['جولائی', 'اگست', 'ستمبر', 'اکتوبر', 'نومبر', 'دسمبر'],
  ],
  dateTime: (date, time) => `${date}، ${time}`,
  priority: { high: 'اعلیٰ', medium: 'درمیانی', low: 'کم', none: 'کوئی نہیں' },
  added: (title) => `${title} شامل ہو گیا۔`,
  due: (when, timed) => (timed ? `مقررہ وقت: ${when}۔` : `مقررہ تاریخ: ${when}۔`),
  priorityIs: (priority) => `ترجیح: ${priority}۔`,
  tagsAre: (tags) => `ٹیگ: ${tags}۔`,
  repeats: (description) => `تکرار: ${description}۔`,
  reminderIs: (description) => `یاد دہانی: ${description}۔`,
  listed: (count) => `${count} کام:`,
  noneListed: 'کوئی کام نہیں ملا۔',
  noneOverdue: 'کوئی کام تاخیر شدہ نہیں۔',
  done: ' (مکمل)',
  completed: (title) => `${title} مکمل ہو گیا۔`,
  deleted: (title) => `${title} حذف ہو گیا۔`,
  renamed: (title) => `نام بدل کر ${title} رکھ دیا گیا۔`,
  priorityChanged: (title, priority) => `${title} کی ترجیح اب ${priority} ہے۔`,
  dueChanged: (title, when) => `${title} کا نیا مقررہ وقت: ${when}۔`,
  rescheduled: (count, when, titles) => `${count} کام ${when} پر منتقل کر دیے گئے: ${titles}۔`,
  noneRescheduled: 'کوئی کام نہیں ملا، اس لیے کچھ منتقل نہیں ہوا۔',
  reminderSet: (title, description) => `${title} کی یاد دہانی لگا دی گئی: ${description}۔`,
  candidates: (count, text) => `${text} سے ${count} کام ملتے ہیں۔ آپ کون سا کام کہہ رہے ہیں؟`,
  unchanged: 'ابھی کچھ تبدیل نہیں ہوا۔',
  notFound: (text) => `${text} سے ملتا کوئی کام نہیں ملا۔`,
  noneFound: 'کوئی کام نہیں ملا۔',
  failed: (message) => `یہ نہیں ہو سکا: ${message}`,
  unknown: {
    empty: 'کوئی حکم لکھیں یا بولیں، مثلاً ”کل صبح نو بجے دودھ خریدنا یاد دلانا“۔',
    no_command:
      'یہ بات سمجھ میں نہیں آئی، اس لیے کچھ تبدیل نہیں کیا۔ آخر میں حکم لکھیں، مثلاً ”… شامل کرو“، ”… دکھاؤ“، ”… مکمل“، ”… حذف کرو“ یا ”… یاد دلانا“۔',
    missing_title: 'کام کیا ہے؟ مثلاً ”دودھ خریدنا شامل کرو“۔',
    missing_task: 'کون سا کام؟ اس کا نام لکھیں، مثلاً ”دودھ خریدنا مکمل“۔',
    missing_time: 'کب؟ دن یا وقت بتائیں، مثلاً ”کل صبح دس بجے“۔',
    missing_change: 'کیا تبدیل کرنا ہے؟ مثلاً ”رپورٹ کی ترجیح زیادہ کر دو“۔',
    invalid_date: 'یہ تاریخ موجود نہیں۔ تاریخ میں پہلے دن لکھیں: 13/01/2027 یعنی 13 جنوری 2027۔',
    title_too_long: 'عنوان بہت لمبا ہے: کام کا عنوان زیادہ سے زیادہ 200 حروف کا ہو سکتا ہے۔',
    too_long: 'یہ پیغام ایک حکم کے لیے بہت لمبا ہے۔ ایک وقت میں ایک مختصر حکم بھیجیں۔',
    bulk_delete:
      'ایک وقت میں ایک ہی کام حذف ہو سکتا ہے، اس لیے کچھ حذف نہیں کیا۔ کام کا نام لکھیں، مثلاً ”دودھ خریدنا حذف کرو“۔',
    filter_too_broad:
      'اس سے سارے کام منتقل ہو جاتے، اس لیے کچھ منتقل نہیں کیا۔ بتائیں کون سے، مثلاً ”آج کے کام کل پر منتقل کر دو“۔',
  },
  atDue: 'مقررہ وقت پر',
  before: (amount, unit) => `${amount} ${URDU_UNITS[unit][amount === 1 ? 0 : 1]} پہلے`,
  at: (when) => when,
  and: ' اور ',
  every: (unit, interval) => {
    const names = { day: 'روز', week: 'ہفتے', month: 'مہینے', year: 'سال' };
    const plural = { day: 'دن', week: 'ہفتے', month: 'مہینے', year: 'سال' };
    return interval === 1 ? `ہر ${names[unit]}` : `ہر ${interval} ${plural[unit]}`;
  },
  everyWeekday: 'پیر سے جمعہ ہر روز',
  everyWeekdays: (names) => `ہر ${names}`,
  monthDay: (day) => `ہر مہینے کی ${day} تاریخ`,
  lastDayOfMonth: 'ہر مہینے کے آخری دن',
  fromCompletion: '، مکمل ہونے کے دن سے',
};

const ROMAN_UNITS = {
  minute: ['minute', 'minute'],
  hour: ['ghanta', 'ghante'],
  day: ['din', 'din'],
  week: ['hafta', 'hafte'],
} as const;

const ROMAN: ReplyText = {
  quote: (title) => `"${FSI}${title}${PDI}"`,
  join: (items) => items.join(', '),
  weekdays: ['Peer', 'Mangal', 'Budh', 'Jumeraat', 'Jumma', 'Hafta', 'Itwar'],
  months: ENGLISH.months,
  dateTime: (date, time) => `${date}, ${time}`,
  priority: { high: 'zyada', medium: 'darmiyani', low: 'kam', none: 'koi nahin' },
  added: (title) => `${title} shamil kar diya.`,
  due: (when, timed) => (timed ? `Waqt: ${when}.` : `Tareekh: ${when}.`),
  priorityIs: (priority) => `Priority: ${priority}.`,
  tagsAre: (tags) => `Tags: ${tags}.`,
  repeats: (description) => `Dohrana: ${description}.`,
  reminderIs: (description) => `Yaad dihani: ${description}.`,
  listed: (count) => `${count} kaam:`,
  noneListed: 'Koi kaam nahin mila.',
  noneOverdue: 'Koi kaam overdue nahin.',
  done: ' (mukammal)',
  completed: (title) => `${title} mukammal ho gaya.`,
  deleted: (title) => `${title} mita diya.`,
  renamed: (title) => `Naam badal kar ${title} rakh diya.`,
  priorityChanged: (title, priority) => `${title} ki priority ab ${priority} hai.`,
  dueChanged: (title, when) => `${title} ka naya waqt: ${when}.`,
  rescheduled: (count, when, titles) => `${count} kaam ${when} par shift kar diye: ${titles}.`,
  noneRescheduled: 'Koi kaam nahin mila, is liye kuch shift nahin hua.',
  reminderSet: (title, description) => `${title} ki yaad dihani laga di: ${description}.`,
  candidates: (count, text) =>
    `${text} se ${count} kaam milte hain. Aap kaun sa kaam keh rahe hain?`,
  unchanged: 'Abhi kuch tabdeel nahin hua.',
  notFound: (text) => `${text} se milta koi kaam nahin mila.`,
  noneFound: 'Koi kaam nahin mila.',
  failed: (message) => `Ye nahin ho saka: ${message}`,
  unknown: {
    empty: 'Koi hukm likhein ya bolein, maslan "kal subah 9 baje doodh lene ki yaad dilana".',
    no_command:
      'Ye baat samajh nahin aayi, is liye kuch tabdeel nahin kiya. Aakhir mein hukm likhein, maslan "… add karo", "… dikhao", "… ho gaya", "… mita do" ya "… yaad dilana".',
    missing_title: 'Kaam kya hai? Maslan "doodh lena add karo".',
    missing_task: 'Kaun sa kaam? Us ka naam likhein, maslan "doodh lena ho gaya".',
    missing_time: 'Kab? Din ya waqt batayein, maslan "kal subah 10 baje".',
    missing_change: 'Kya tabdeel karna hai? Maslan "report ki priority high kar do".',
    invalid_date: 'Ye tareekh mojood nahin. Pehle din likhein: 13/01/2027 yani 13 January 2027.',
    title_too_long:
      'Title bohat lamba hai: kaam ka title zyada se zyada 200 huroof ka ho sakta hai.',
    too_long: 'Ye paigham ek hukm ke liye bohat lamba hai. Ek waqt mein ek mukhtasar hukm bhejein.',
    bulk_delete:
      'Ek waqt mein ek hi kaam mitaya ja sakta hai, is liye kuch nahin mitaya. Kaam ka naam likhein, maslan "doodh lena mita do".',
    filter_too_broad:
      'Is se saare kaam shift ho jaate, is liye kuch shift nahin kiya. Batayein kaun se, maslan "aaj ke kaam kal kar do".',
  },
  atDue: 'waqt par',
  before: (amount, unit) => `${amount} ${ROMAN_UNITS[unit][amount === 1 ? 0 : 1]} pehle`,
  at: (when) => when,
  and: ' aur ',
  every: (unit, interval) => {
    const names = { day: 'roz', week: 'hafte', month: 'mahine', year: 'saal' };
    const plural = { day: 'din', week: 'hafte', month: 'mahine', year: 'saal' };
    return interval === 1 ? `har ${names[unit]}` : `har ${interval} ${plural[unit]}`;
  },
  everyWeekday: 'Peer se Jumma har roz',
  everyWeekdays: (names) => `har ${names}`,
  monthDay: (day) => `har mahine ki ${day} tareekh`,
  lastDayOfMonth: 'har mahine ke aakhri din',
  fromCompletion: ', mukammal hone ke din se',
};

export const REPLY_TEXT: Record<CommandLanguage, ReplyText> = {
  en: ENGLISH,
  ur: URDU,
  'ur-Latn': ROMAN,
};
