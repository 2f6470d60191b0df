import { DEFAULT_DATE_ONLY_REMINDER_TIME } from '../reminders';
import type { Reminder } from '../task-model';
import { TASK_LIMITS } from '../task-model';
import { parseDate, parseTime, zonedTimeToInstant } from '../time';
import { takeDescription, takePriority, takeQuoted, takeReminders, takeTags } from './details';
import { firstOccurrence, takeRepeat } from './repeat';
import { B, E, type Phrase, rx } from './text';
import type {
  AddTaskArgs,
  CommandLanguage,
  ListTasksArgs,
  ParsedCommand,
  RescheduleFilter,
  TaskChanges,
  TaskMatch,
  UnknownReason,
} from './types';
import { type Clock, dueFrom, isEmptyWhen, type Script, takeWhen, type When } from './when';

// Builders shared by the English and the Urdu grammars: each takes the phrases a grammar rule
// found and returns the tool call, or `unknown` with the reason.

export interface Context {
  clock: Clock;
  script: Script;
  language: CommandLanguage;
}

export function unknown(context: Context, reason: UnknownReason): ParsedCommand {
  return { tool: 'unknown', language: context.language, reason };
}

// Words that carry no filter or title meaning in list and move commands, in every script.
const FILLERS = [
  "what whats what's is are was were there do does did i i'm have has got need needs to my me",
  'us all the a an tasks task todos todo to-dos to-do items item things thing stuff list lists',
  'agenda for on of due please any anything everything left it its that should planned',
  'scheduled pending with show see which how many',
  'mere meri mera mujhe sab saare sare saari tamam kaam kaamon ke ki ka ko hai hain kya kon kaun',
  'se wale wali wala aur bhi zara abhi karne karna par pe tak liye hua hui hue tha thi',
  'میرے میری میرا مجھے سب سارے ساری سارا تمام کام کاموں کے کی کا کو ہے ہیں کیا کون سے سا',
  'والے والی والا اور بھی ذرا ابھی کرنے کرنا پر تک لیے لئے فہرست لسٹ ہوا ہوئی ہوئے تھا تھی تھے',
].flatMap((line) => line.split(' '));
// Punctuation counts as filler only standing alone, so "stand-up" keeps its hyphen.
const FILLER = rx`${B}${FILLERS}${E}|(?<!\S)[?,.!:;'"-]+(?!\S)`;

/** Removes filler words, leaving the search text. */
function takeFillers(phrase: Phrase): void {
  phrase.takeAll(FILLER);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EDGE_PUNCTUATION = /^[\s,;:.!?،؛۔؟\-–—]+|[\s,;:.!?،؛۔؟\-–—]+$/gu;

const TARGET_TRIMS: Record<Script, RegExp[]> = {
  latin: [
    /^(?:the\s+|my\s+|a\s+|an\s+|with\s+|about\s+)+/iu,
    /^(?:task|todo|to-do|item)\s+(?:called|named|titled)\s+/iu,
    /^(?:task|todo|to-do)\s*:\s*/iu,
    /\s+(?:task|todo|to-do|item|reminder)s?$/iu,
    /^(?:mera|meri|mere)\s+/iu,
    /\s+(?:ko|ke\s+liye|ke\s+liay)$/iu,
    /(?:\s+(?:wala|wali|wale))?\s+(?:kaam|task)$/iu,
  ],
  urdu: [
    /^(?:میرا|میری|میرے)\s+/u,
    /^کام\s*:\s*/u,
    /\s+(?:کو|کے\s+لیے|کے\s+لئے)$/u,
    /(?:\s+(?:والا|والی|والے))?\s+(?:کام|ٹاسک)$/u,
  ],
};
const TRAILING_GENITIVE: Record<Script, RegExp> = {
  latin: /\s+(?:ka|ki|ke)$/iu,
  urdu: /\s+(?:کا|کی|کے)$/u,
};
// English words that end in -ne but are no Urdu oblique infinitive.
const NOT_OBLIQUE = new Set(
  [
    'phone iphone done one none gone line online offline fine mine nine zone scene machine',
    'medicine routine deadline engine magazine vaccine june tune plane lane someone everyone',
    'anyone alone stone bone',
  ].flatMap((line) => line.split(' ')),
);

/**
 * Turns an oblique infinitive before a genitive back into the dictionary form, as a title is
 * written: "doodh lene (ki yaad)" becomes "doodh lena", "دودھ لینے" becomes "دودھ لینا".
 */
export function toInfinitive(text: string): string {
  const words = text.split(' ');
  const last = words.at(-1) ?? '';
  if (/نے$/u.test(last) && last.length > 2) words[words.length - 1] = `${last.slice(0, -1)}ا`;
  else if (/ne$/iu.test(last) && last.length > 3 && !NOT_OBLIQUE.has(last.toLowerCase())) {
    words[words.length - 1] = `${last.slice(0, -1)}${last.endsWith('E') ? 'A' : 'a'}`;
  }
  return words.join(' ');
}

/** Makes the words that name an existing task into a match, or undefined when none are left. */
export function matchFrom(phrase: Phrase, context: Context): TaskMatch | undefined {
  const quoted = takeQuoted(phrase);
  let text = quoted ?? phrase.original().replace(EDGE_PUNCTUATION, '');
  if (!quoted) {
    for (const trim of TARGET_TRIMS[context.script]) text = text.replace(trim, '');
    if (TRAILING_GENITIVE[context.script].test(text)) {
      text = toInfinitive(text.replace(TRAILING_GENITIVE[context.script], ''));
    }
    text = text.replace(EDGE_PUNCTUATION, '').trim();
  }
  if (!text) return undefined;
  if (UUID.test(text)) return { id: text.toLowerCase() };
  return { text };
}

const TITLE_TRIMS: RegExp[] = [
  /\s+to\s+(?:my|the)\s+(?:to-?do\s+)?(?:list|tasks)$/iu,
  /^(?:mujhe|muje)\s+|\s+(?:mujhe|muje)$/iu,
  /^مجھے\s+|\s+مجھے$/u,
  /\s+(?:کو\s+)?(?:فہرست|لسٹ)\s+میں$/u,
  /\s+(?:ko\s+)?list\s+(?:mein|main|me)$/iu,
];

function cleanTitle(text: string): string {
  let title = text.replace(EDGE_PUNCTUATION, '');
  for (const trim of TITLE_TRIMS) title = title.replace(trim, '');
  return title.replace(EDGE_PUNCTUATION, '').trim();
}

export interface AddOptions {
  /** The user asked to be reminded, so the task gets a reminder at its due time. */
  remind: boolean;
  /** The title came before a genitive ("lene ki yaad"), so its verb is put back in the infinitive. */
  oblique?: boolean;
}

/** Builds `add_task` from everything after (or before) the add or remind words. */
export function buildAdd(body: Phrase, context: Context, options: AddOptions): ParsedCommand {
  const { clock, script } = context;
  const quoted = takeQuoted(body);
  const description = takeDescription(body);
  const tags = takeTags(body);
  const priority = takePriority(body);
  const reminders = takeReminders(body, script);
  const repeat = takeRepeat(body, script);
  const when = takeWhen(body, clock, script, repeat?.period);

  let title = quoted ?? cleanTitle(body.original());
  if (!quoted && options.oblique) title = toInfinitive(title);
  if (!title) return unknown(context, 'missing_title');
  if (title.length > TASK_LIMITS.titleMax) return unknown(context, 'title_too_long');

  const due = dueFrom(when, clock);
  if (repeat && !due.date) due.date = firstOccurrence(repeat.rrule, clock, due.time);
  if (options.remind && reminders.length === 0) reminders.push({ minutes_before: 0 });
  // A reminder counts back from the due moment, so without a due date it could never fire.
  if (reminders.length > 0 && !due.date) return unknown(context, 'missing_time');

  const args: AddTaskArgs = { title };
  if (description) args.description = description.slice(0, TASK_LIMITS.descriptionMax);
  if (due.date) args.due_date = due.date;
  if (due.time) args.due_time = due.time;
  if (priority) args.priority = priority;
  if (tags.length > 0) args.tags = tags;
  if (repeat) args.recurrence = { rrule: repeat.rrule, from: repeat.from };
  if (reminders.length > 0) args.reminders = reminders;
  return { tool: 'add_task', language: context.language, args };
}

const OVERDUE: Record<Script, RegExp> = {
  latin: rx`${B}(?:overdue|late|past\s+due|missed|takheer\s+shuda|der\s+wale)${E}`,
  urdu: rx`${B}(?:تاخیر\s+شدہ|تاخیر\s+والے|تاخیر\s+سے|لیٹ|جن\s+کی\s+تاریخ\s+گزر\s+(?:گئی|چکی)|گزرے\s+ہوئے)${E}`,
};
const COMPLETED: Record<Script, RegExp> = {
  latin: rx`${B}(?:completed|done|finished|mukammal(?:\s+shuda)?|complete)${E}`,
  urdu: rx`${B}(?:مکمل\s+شدہ|مکمل|ہو\s+چکے|ختم\s+شدہ)${E}`,
};
const PENDING: Record<Script, RegExp> = {
  latin: rx`${B}(?:pending|open|remaining|incomplete|unfinished|undone|outstanding|not\s+done|left\s+to\s+do|baqi|baaki|baki|adhure|adhoore)${E}`,
  urdu: rx`${B}(?:باقی|زیر\s+التوا|نامکمل|ادھورے|ادھوری|بقایا)${E}`,
};
const TAGGED = rx`${B}(?:tagged|with\s+(?:the\s+)?tag|labell?ed)\s+#?(?<tag>[\p{L}\p{M}\p{N}_-]+)`;
const SEARCH: Record<Script, RegExp> = {
  latin: rx`${B}(?:about|containing|mentioning|matching|called|named|titled)\s+(?<q>.+)$`,
  urdu: rx`^\s*(?<q>\S.*?)\s+(?:والے|والی|سے\s+متعلق|کے\s+بارے\s+میں)(?:\s+(?:کام|کاموں))?${E}`,
};
const ROMAN_SEARCH = rx`^\s*(?<q>\S.*?)\s+(?:wale|wali|wala|ke\s+baare\s+mein)\s+(?:kaam|tasks?)${E}`;

function takeOptional(phrase: Phrase, pattern: RegExp): boolean {
  return Boolean(phrase.take(pattern));
}

function singular(word: string): string {
  if (/[^s]ies$/iu.test(word)) return `${word.slice(0, -3)}y`;
  if (/(?:ss|sh|ch|x)es$/iu.test(word)) return word.slice(0, -2);
  if (/[^su]s$/iu.test(word) && word.length > 3) return word.slice(0, -1);
  // Urdu plurals of English loan words: میٹنگز, کلاسز.
  if (/[گٹسک]ز$/u.test(word)) return word.slice(0, -1);
  return word;
}

/** Builds `list_tasks` from the words around a show or list command. */
export function buildList(body: Phrase, context: Context): ParsedCommand {
  const { clock, script } = context;
  const args: ListTasksArgs = {};

  const tags = takeTags(body);
  const tagged = body.match(TAGGED);
  if (tagged) {
    const tag = body.group(tagged, 'tag')?.original();
    body.cut(tagged.index, tagged.index + tagged[0].length);
    if (tag) tags.push(tag);
  }
  if (takeOptional(body, OVERDUE[script])) args.overdue = true;
  if (takeOptional(body, PENDING[script])) args.status = 'pending';
  else if (takeOptional(body, COMPLETED[script])) args.status = 'completed';
  const priority = takePriority(body);
  if (priority) args.priority = [priority];
  if (tags.length > 0) args.tags = tags;

  const search =
    body.match(SEARCH[script]) ?? (script === 'latin' ? body.match(ROMAN_SEARCH) : null);
  let q = '';
  if (search) {
    q = body.group(search, 'q')?.original() ?? '';
    body.cut(search.index, search.index + search[0].length);
  }

  const when = takeWhen(body, clock, script);
  if (when.range) {
    args.due_from = when.range.from;
    args.due_to = when.range.to;
  } else if (when.date) {
    args.due_from = when.date;
    args.due_to = when.date;
  }

  takeFillers(body);
  const rest = body.original().replace(EDGE_PUNCTUATION, '');
  if (rest && !q) q = rest;
  if (q) args.q = q;
  return { tool: 'list_tasks', language: context.language, args };
}

const FILTER_PERIODS: Record<Script, RegExp> = {
  latin: rx`${B}(?:in\s+the\s+|this\s+)?(?<period>morning|afternoon|evening|night|tonight|subah|subha|dopahar|dopehar|shaam|sham|raat)(?:'s)?(?:\s+(?:ki|ke|ka|wali|wale|wala))?${E}`,
  urdu: rx`${B}(?<period>صبح|دوپہر|سہ\s+پہر|شام|رات)(?:\s+(?:کی|کے|کا|والی|والے|والا))?${E}`,
};

const PERIOD_BOUNDS: Record<string, { before_time?: string; after_time?: string }> = {
  morning: { before_time: '12:00' },
  afternoon: { after_time: '12:00', before_time: '17:00' },
  evening: { after_time: '17:00' },
  night: { after_time: '20:00' },
};

function periodName(word: string): string {
  if (/^(?:morning|subh?a?h?|صبح)/u.test(word)) return 'morning';
  if (/^(?:afternoon|dop|سہ|دوپہر)/u.test(word)) return 'afternoon';
  if (/^(?:evening|shaa?m|شام)/u.test(word)) return 'evening';
  return 'night';
}

/** Words in a move command that make it a move of many tasks rather than of one. */
const BULK_MARKERS: Record<Script, RegExp> = {
  latin: rx`${B}(?:all|every|everything|overdue|morning|afternoon|evening|night|tonight|today'?s|tomorrow'?s|tagged|sab|saare|sare|saari|tamam|subah|subha|dopahar|shaam|sham|raat)${E}|#`,
  urdu: rx`${B}(?:سب|سارے|ساری|سارا|تمام|تاخیر|صبح|دوپہر|شام|رات|آج|کل)${E}|#`,
};

export function isBulkTarget(target: Phrase, context: Context): boolean {
  return target.match(BULK_MARKERS[context.script]) !== null;
}

/** Builds the filter of `reschedule_tasks` ("my morning meetings", "aaj ke saare kaam"). */
function buildFilter(target: Phrase, context: Context): RescheduleFilter {
  const { clock, script } = context;
  const filter: RescheduleFilter = {};
  const tags = takeTags(target);
  if (takeOptional(target, OVERDUE[script])) filter.overdue = true;

  const periodMatch = target.take(FILTER_PERIODS[script]);
  const when = takeWhen(target, clock, script);
  if (when.date) filter.due_date = when.date;
  if (periodMatch) {
    const bounds = PERIOD_BOUNDS[periodName(periodMatch.groups?.period ?? '')];
    // "My morning meetings" means this morning unless the command names a day.
    filter.due_date ??= clock.today;
    Object.assign(filter, bounds);
  }
  if (tags.length > 0) filter.tags = tags;

  takeFillers(target);
  const words = target.original().split(' ').filter(Boolean);
  if (words.length > 0) filter.q = words.map(singular).join(' ');
  return filter;
}

const WHEN_FILLER = rx`${B}(?:to|for|until|till|on|at|the|par|pe|tak|ke\s+liye|ko|پر|تک|کے\s+لیے|کے\s+لئے|کو|میں)${E}|[,.!?]`;

// Maximum length of a date and time phrase, in words ("اگلے مہینے کی 5 تاریخ کو صبح 9 بجے" has 8).
// Longer candidates are skipped unread, so splitting a long message stays linear.
const MAX_WHEN_WORDS = 10;

/** Index in `text` where its last MAX_WHEN_WORDS words start; a date phrase cannot start earlier. */
export function whenWindowStart(text: string): number {
  const starts = [...text.matchAll(/\S+/gu)].map((word) => word.index);
  return starts.at(-MAX_WHEN_WORDS) ?? 0;
}

/** Reads a phrase that must be only a date or time, or returns undefined when other words remain. */
export function whenOnly(phrase: Phrase, context: Context): When | undefined {
  if (phrase.text.trim().split(/\s+/u).length > MAX_WHEN_WORDS) return undefined;
  const probe = phrase.slice(0, phrase.text.length);
  const when = takeWhen(probe, context.clock, context.script);
  probe.takeAll(WHEN_FILLER);
  if (!probe.isBlank() || isEmptyWhen(when)) return undefined;
  return when;
}

function newTiming(when: When): { date?: string; time?: string } {
  const result: { date?: string; time?: string } = {};
  if (when.date) result.date = when.date;
  if (when.time) result.time = when.time;
  return result;
}

/** Builds a move: `reschedule_tasks` for a described group, `update_task` for one task. */
export function buildMove(target: Phrase, when: When, context: Context): ParsedCommand {
  const timing = newTiming(when);
  if (!timing.date && !timing.time) return unknown(context, 'missing_time');

  if (isBulkTarget(target, context)) {
    const filter = buildFilter(target, context);
    if (Object.keys(filter).length === 0) return unknown(context, 'filter_too_broad');
    const args: { filter: RescheduleFilter; new_date?: string; new_time?: string } = { filter };
    if (timing.date) args.new_date = timing.date;
    if (timing.time) args.new_time = timing.time;
    return { tool: 'reschedule_tasks', language: context.language, args };
  }

  const match = matchFrom(target, context);
  if (!match) return unknown(context, 'missing_task');
  const changes: TaskChanges = {};
  if (timing.date) changes.due_date = timing.date;
  if (timing.time) changes.due_time = timing.time;
  return { tool: 'update_task', language: context.language, args: { match, changes } };
}

/**
 * Builds `set_reminder` from a phrase that names a task and gives the moment: lead times ("30
 * minutes before"), a moment ("at 5 pm tomorrow", as an absolute instant), or nothing, which
 * means at the due time.
 */
export function buildSetReminder(body: Phrase, context: Context): ParsedCommand {
  const { clock, script } = context;
  const reminders: Reminder[] = takeReminders(body, script);
  if (reminders.length === 0) {
    const when = takeWhen(body, clock, script);
    if (!isEmptyWhen(when)) {
      const due = dueFrom(when, clock);
      const date = due.date ?? clock.today;
      const { hour, minute } = parseTime(due.time ?? DEFAULT_DATE_ONLY_REMINDER_TIME);
      const at = zonedTimeToInstant({ ...parseDate(date), hour, minute }, clock.timeZone);
      reminders.push({ at: at.toISOString() });
    } else {
      reminders.push({ minutes_before: 0 });
    }
  }
  const match = matchFrom(body, context);
  if (!match) return unknown(context, 'missing_task');
  return { tool: 'set_reminder', language: context.language, args: { match, reminders } };
}

const BULK_DELETE: Record<Script, RegExp> = {
  latin: rx`^\s*(?:all|every|everything|sab|saare|sare|saari|tamam)${E}`,
  urdu: rx`^\s*(?:سب|سارے|ساری|سارا|تمام)${E}`,
};

/** Builds `complete_task` or `delete_task`. "Delete all tasks" is rejected, not guessed at. */
export function buildTargeted(
  tool: 'complete_task' | 'delete_task',
  target: Phrase,
  context: Context,
): ParsedCommand {
  if (tool === 'delete_task' && target.match(BULK_DELETE[context.script])) {
    return unknown(context, 'bulk_delete');
  }
  const match = matchFrom(target, context);
  if (!match) return unknown(context, 'missing_task');
  return { tool, language: context.language, args: { match } };
}
