import {
  buildAdd,
  buildList,
  buildMove,
  buildSetReminder,
  buildTargeted,
  type Context,
  matchFrom,
  unknown,
  whenOnly,
  whenWindowStart,
} from './build';
import { priorityOf, takeReminders } from './details';
import { takeRepeat } from './repeat';
import { B, E, type Phrase, rx } from './text';
import type { ParsedCommand, TaskChanges } from './types';
import { isEmptyWhen, takeWhen } from './when';

// Urdu commands, in Urdu script or Roman Urdu: the verb comes last ("کل دودھ خریدنا یاد
// دلانا", "doodh ho gaya"), so every rule is anchored at the end of the sentence.

/** Verbs and nouns of the command grammar in one spelling (folded, see text.ts). */
interface SovVerbs {
  add: readonly string[];
  remind: readonly string[];
  complete: readonly string[];
  delete: readonly string[];
  list: readonly string[];
  move: readonly string[];
  /** "make it so" (کر دو, kar do): a move when a date or time comes before it. */
  make: readonly string[];
  /** "make important" (بنا دو): raises the priority. */
  makeInto: readonly string[];
  setReminder: readonly string[];
  me: readonly string[];
  of: readonly string[];
  object: readonly string[];
  name: readonly string[];
  changeInto: readonly string[];
  priority: readonly string[];
  important: readonly string[];
  timeNoun: readonly string[];
  reminderNoun: readonly string[];
  newTask: readonly string[];
  question: readonly string[];
}

/** Splits lines of `|`-separated phrases into one list. */
function phrases(...lines: string[]): string[] {
  return lines.flatMap((line) => line.split('|').map((phrase) => phrase.trim()));
}

const URDU_VERBS: SovVerbs = {
  add: phrases(
    'شامل کرو | شامل کریں | شامل کر دو | شامل کر دیں | شامل کرنا | شامل کر لو | شامل کر لیں',
    'ڈال دو | ڈال دیں | لکھ لو | لکھ لیں | لکھ دو | لکھ دیں | نوٹ کر لو | نوٹ کر لیں | نوٹ کرو',
    'ایڈ کرو | ایڈ کر دو | ایڈ کریں | add کرو | add کر دو',
  ),
  remind: phrases(
    'یاد دلانا | یاد دلائیں | یاد دلاؤ | یاد دلا دینا | یاد دلا دیں | یاد دلا دو | یاد کرانا',
    'یاد کروانا | یاد کرا دینا | یاد کروا دینا | یاد کرا دیں | یاد کروا دیں',
  ),
  complete: phrases(
    'مکمل | مکمل کرو | مکمل کریں | مکمل کر دو | مکمل کر دیں | مکمل ہو گیا | مکمل ہوگیا',
    'مکمل ہو گئی | مکمل ہوگئی | مکمل ہو گئے | مکمل کر لیا | مکمل کر دیا | ہو گیا | ہوگیا',
    'ہو گئی | ہوگئی | ہو گئے | ہوگئے | کر لیا | کر لی | ختم ہو گیا | ختم ہوگیا | پورا ہو گیا',
    'ڈن | ڈن کرو | ڈن کر دو',
  ),
  delete: phrases(
    'حذف | حذف کرو | حذف کریں | حذف کر دو | حذف کر دیں | مٹا دو | مٹا دیں | مٹاؤ | مٹائیں',
    'مٹا دینا | ہٹا دو | ہٹا دیں | ہٹاؤ | ہٹائیں | ڈیلیٹ کرو | ڈیلیٹ کر دو | ڈیلیٹ کریں',
    'نکال دو | نکال دیں | منسوخ کرو | منسوخ کر دو | منسوخ کریں',
  ),
  list: phrases(
    'دکھاؤ | دکھائیں | دکھا دو | دکھا دیں | دکھانا | بتاؤ | بتائیں | بتا دو | بتا دیں',
    'بتانا | کی فہرست | فہرست',
  ),
  move: phrases(
    'منتقل کرو | منتقل کریں | منتقل کر دو | منتقل کر دیں | ملتوی کرو | ملتوی کر دو | ملتوی کریں',
    'ملتوی کر دیں | شفٹ کرو | شفٹ کر دو | آگے کر دو | آگے کرو | تبدیل کرو | تبدیل کر دو',
    'بدل دو | بدلو | بدل دیں',
  ),
  make: phrases('کر دو | کر دیں | کرو | کریں | کر دینا | رکھو | رکھ دو | رکھ دیں | رکھیں'),
  makeInto: phrases('بنا دو | بنا دیں | بناؤ | بنائیں'),
  setReminder: phrases('لگا دو | لگا دیں | لگاؤ | لگائیں | لگانا | سیٹ کرو | سیٹ کر دو | رکھ دو'),
  me: ['مجھے'],
  of: ['کا', 'کی', 'کے'],
  object: ['کو'],
  name: ['نام', 'عنوان'],
  changeInto: ['بدل کر', 'تبدیل کر کے', 'بدل کے'],
  priority: ['ترجیح', 'priority'],
  important: ['اہم', 'فوری', 'ضروری'],
  timeNoun: ['وقت', 'تاریخ', 'دن', 'ٹائم'],
  reminderNoun: ['یاد دہانی', 'ریمائنڈر', 'الارم'],
  newTask: ['نیا کام', 'کام شامل کرو', 'کام شامل کریں'],
  question: ['کیا', 'کون سے', 'کون سا', 'کون سی', 'کتنے'],
};

const ROMAN_VERBS: SovVerbs = {
  add: phrases(
    'add karo | add kar do | add kardo | add karna | add kar dein | add karein | add kar lo',
    'shamil karo | shamil kar do | shaamil karo | shaamil kar do | shamil karein | shamil kar dein',
    'likh lo | likh do | likh lein | note kar lo | note karo | daal do | dal do',
  ),
  remind: phrases(
    'yaad dilana | yaad dilao | yaad dila dena | yaad dila do | yaad dilaen | yaad dilayen',
    'yaad dilaein | yaad dila dein | yad dilana | yad dilao | yaad karana | yaad karwana',
    'yaad kara dena | yaad karwa dena | remind karna | remind kar dena | remind karo | remind kar do',
  ),
  complete: phrases(
    'mukammal | mukammal karo | mukammal kar do | mukammal kardo | mukammal karein | mukammal ho gaya',
    'mukammal hogaya | ho gaya | ho gya | hogaya | hogya | ho gayi | ho gai | ho gaye | ho gae',
    'kar liya | kar li | done | done karo | done kar do | complete karo | complete kar do',
    'complete ho gaya | khatam ho gaya | poora ho gaya | pura ho gaya',
  ),
  delete: phrases(
    'mita do | mitao | mita dein | mitaen | mitayen | hata do | hatao | hata dein | hatayen',
    'delete karo | delete kar do | delete kardo | delete karein | remove karo | remove kar do',
    'nikal do | cancel karo | cancel kar do | mansookh karo | mansookh kar do',
  ),
  list: phrases(
    'dikhao | dikha do | dikhaen | dikhayen | dikhaein | dikha dein | dikhana | batao | bata do',
    'batayen | bata dein | batana | ki list | list',
  ),
  move: phrases(
    'muntaqil karo | muntaqil kar do | shift karo | shift kar do | move karo | move kar do',
    'multavi karo | multavi kar do | aage kar do | aage karo | tabdeel karo | tabdeel kar do',
    'badal do | badlo | change karo | change kar do | reschedule karo | reschedule kar do',
  ),
  make: phrases(
    'kar do | kardo | karo | kar dein | karein | kar dena | rakh do | rakho | rakh dein',
  ),
  makeInto: phrases('bana do | banao | bana dein | banayen'),
  setReminder: phrases('laga do | lagao | laga dein | lagana | set karo | set kar do | rakh do'),
  me: ['mujhe', 'muje'],
  of: ['ka', 'ki', 'ke'],
  object: ['ko'],
  name: ['naam', 'nam', 'title'],
  changeInto: ['badal kar', 'badal ke', 'tabdeel kar ke'],
  priority: ['priority', 'tarjeeh', 'tarjih'],
  important: ['zaroori', 'zaruri', 'urgent', 'important', 'ahem', 'aham'],
  timeNoun: ['waqt', 'time', 'tareekh', 'tarikh', 'din', 'date'],
  reminderNoun: ['reminder', 'yaad dihani', 'alarm'],
  newTask: ['naya kaam', 'nayi task', 'new task'],
  question: ['kya', 'kon se', 'kaun se', 'kon sa', 'kaun sa', 'kitne'],
};

/** Patterns that rule handlers use inside a sentence, compiled once per spelling. */
interface InnerPatterns {
  objectMarker: RegExp;
  timeNoun: RegExp;
  reminderNoun: RegExp;
  questionWords: RegExp;
}

function innerPatterns(verbs: SovVerbs): InnerPatterns {
  return {
    objectMarker: rx`\s${verbs.object}\s`,
    timeNoun: rx`\s+${verbs.of}\s+${verbs.timeNoun}\s*$`,
    reminderNoun: rx`\s+${verbs.of}\s+${verbs.reminderNoun}${E}`,
    questionWords: rx`${B}(?:${verbs.question}|کرنا|karna|ہے|ہیں|hai|hain)${E}`,
  };
}

const URDU_PATTERNS = innerPatterns(URDU_VERBS);
const ROMAN_PATTERNS = innerPatterns(ROMAN_VERBS);

function patternsOf(verbs: SovVerbs): InnerPatterns {
  return verbs === URDU_VERBS ? URDU_PATTERNS : ROMAN_PATTERNS;
}

type Handler = (
  match: RegExpExecArray,
  phrase: Phrase,
  context: Context,
) => ParsedCommand | undefined;

interface GrammarRule {
  pattern: RegExp;
  handle: Handler;
}

const END = String.raw`[\s.!?]*$`;

function part(match: RegExpExecArray, phrase: Phrase, name: string): Phrase {
  return phrase.group(match, name) ?? phrase.slice(0, 0);
}

function update(target: Phrase, context: Context, changes: TaskChanges): ParsedCommand {
  const match = matchFrom(target, context);
  if (!match) return unknown(context, 'missing_task');
  return { tool: 'update_task', language: context.language, args: { match, changes } };
}

/**
 * Splits the words before a move verb into the tasks and the new date or time: at "کو" or
 * "ko" when it has one ("X کو کل کر دو"), otherwise at the longest ending that is a date.
 */
function move(
  rest: Phrase,
  context: Context,
  verbs: SovVerbs,
  explicit: boolean,
): ParsedCommand | undefined {
  const marker = rest.match(patternsOf(verbs).objectMarker);
  if (marker) {
    const when = whenOnly(rest.slice(marker.index + marker[0].length, rest.text.length), context);
    if (when) return buildMove(trimTimeNoun(rest.slice(0, marker.index), verbs), when, context);
  }
  const window = whenWindowStart(rest.text);
  const spaces = [...rest.text.matchAll(/\s+/gu)]
    .map((space) => space.index + space[0].length)
    .filter((start) => start >= window);
  for (const start of spaces) {
    const when = whenOnly(rest.slice(start, rest.text.length), context);
    if (when) return buildMove(trimTimeNoun(rest.slice(0, start), verbs), when, context);
  }
  return explicit ? unknown(context, 'missing_time') : undefined;
}

/** Drops "کا وقت" or "ki tareekh" from "X کا وقت 5 بجے کر دو". */
function trimTimeNoun(target: Phrase, verbs: SovVerbs): Phrase {
  const found = target.match(patternsOf(verbs).timeNoun);
  if (found) target.cut(found.index, target.text.length);
  return target;
}

/**
 * The words of an add or remind command without its verb. The verb usually ends the sentence,
 * but a date or time may follow it ("… yaad dilana kal 10 baje"). Any other words after it
 * make the rule not apply.
 */
function bodyOf(match: RegExpExecArray, phrase: Phrase, context: Context): Phrase | undefined {
  const body = match.indices?.groups?.body;
  const tail = match.indices?.groups?.tail;
  if (!body) return undefined;
  if (!tail) return phrase.slice(body[0], body[1]);
  if (!whenOnly(phrase.slice(tail[0], tail[1]), context)) return undefined;
  const words = phrase.slice(body[0], tail[1]);
  words.cut(body[1] - body[0], tail[0] - body[0]);
  return words;
}

/**
 * "Remind me" with only a lead time ("X کے لیے 30 منٹ پہلے یاد دلانا") sets a reminder on an
 * existing task. With a date, time or repeat, it adds a task with a reminder.
 */
function remind(
  match: RegExpExecArray,
  phrase: Phrase,
  context: Context,
): ParsedCommand | undefined {
  const body = bodyOf(match, phrase, context);
  if (!body) return undefined;
  const probe = body.slice(0, body.text.length);
  const leads = takeReminders(probe, context.script);
  const repeat = takeRepeat(probe, context.script);
  const when = takeWhen(probe, context.clock, context.script);
  if (leads.length > 0 && !repeat && isEmptyWhen(when)) return buildSetReminder(body, context);
  return buildAdd(body, context, { remind: true, oblique: Boolean(match.groups?.genitive) });
}

function rulesFor(verbs: SovVerbs): GrammarRule[] {
  return [
    {
      pattern: rx`^\s*(?<target>\S.*?)\s+${verbs.of}\s+${verbs.name}\s+(?:${verbs.changeInto}\s+)?(?<title>\S.*?)\s+(?:${verbs.make}|${verbs.move})${END}`,
      handle: (match, phrase, context) => {
        const title = part(match, phrase, 'title').original();
        if (!title) return unknown(context, 'missing_change');
        return update(part(match, phrase, 'target'), context, { title });
      },
    },
    {
      pattern: rx`^\s*(?<target>\S.*?)\s+${verbs.of}\s+${verbs.priority}\s+(?<p>\S+)(?:\s+${verbs.priority})?\s+${verbs.make}${END}`,
      handle: (match, phrase, context) => {
        const priority = priorityOf(match.groups?.p ?? '');
        if (!priority) return unknown(context, 'missing_change');
        return update(part(match, phrase, 'target'), context, { priority });
      },
    },
    {
      pattern: rx`^\s*(?<target>\S.*?)\s+${verbs.object}\s+${verbs.important}\s+(?:${verbs.makeInto}|${verbs.make})${END}`,
      handle: (match, phrase, context) =>
        update(part(match, phrase, 'target'), context, { priority: 'high' }),
    },
    {
      pattern: rx`^\s*(?<body>\S.*?\s+${verbs.of}\s+${verbs.reminderNoun}.*?)\s+${verbs.setReminder}${END}`,
      handle: (match, phrase, context) => {
        const body = part(match, phrase, 'body');
        body.take(patternsOf(verbs).reminderNoun);
        return buildSetReminder(body, context);
      },
    },
    {
      pattern: rx`^\s*(?<body>\S.*?)\s+(?:(?<genitive>${verbs.of})\s+)?(?:${verbs.me}\s+)?${verbs.remind}${E}(?:\s+(?<tail>\S.*?))?${END}`,
      handle: remind,
    },
    {
      pattern: rx`^\s*(?<body>\S.*?)\s+${verbs.add}${E}(?:\s+(?<tail>\S.*?))?${END}`,
      handle: (match, phrase, context) => {
        const body = bodyOf(match, phrase, context);
        return body && buildAdd(body, context, { remind: false });
      },
    },
    {
      pattern: rx`^\s*${verbs.newTask}\s*:?\s+(?<body>\S.*?)${END}`,
      handle: (match, phrase, context) =>
        buildAdd(part(match, phrase, 'body'), context, { remind: false }),
    },
    {
      pattern: rx`^\s*(?<body>.*?)\s*${B}${verbs.list}${END}`,
      handle: (match, phrase, context) => buildList(part(match, phrase, 'body'), context),
    },
    {
      pattern: rx`^\s*(?<target>\S.*?)\s+${verbs.complete}${END}`,
      handle: (match, phrase, context) =>
        buildTargeted('complete_task', part(match, phrase, 'target'), context),
    },
    {
      pattern: rx`^\s*(?<target>\S.*?)\s+${verbs.delete}${END}`,
      handle: (match, phrase, context) =>
        buildTargeted('delete_task', part(match, phrase, 'target'), context),
    },
    {
      pattern: rx`^\s*(?<rest>\S.*?)\s+${verbs.move}${END}`,
      handle: (match, phrase, context) => move(part(match, phrase, 'rest'), context, verbs, true),
    },
    {
      pattern: rx`^\s*(?<rest>\S.*?)\s+${verbs.make}${END}`,
      handle: (match, phrase, context) => move(part(match, phrase, 'rest'), context, verbs, false),
    },
    {
      // A question ("آج کیا کرنا ہے؟", "kal kya hai?") is read as a list request.
      pattern: rx`^(?=.*${B}${verbs.question}${E})(?<body>\S.*?)\s*\?\s*$`,
      handle: (match, phrase, context) => {
        const body = part(match, phrase, 'body');
        body.takeAll(patternsOf(verbs).questionWords);
        return buildList(body, context);
      },
    },
  ];
}

const URDU_RULES = rulesFor(URDU_VERBS);
const ROMAN_RULES = rulesFor(ROMAN_VERBS);

/**
 * Reads a command in Urdu word order, in Urdu script or Roman Urdu spelling. Returns
 * undefined when no rule applies.
 */
export function parseUrdu(
  phrase: Phrase,
  context: Context,
  roman: boolean,
): ParsedCommand | undefined {
  for (const rule of roman ? ROMAN_RULES : URDU_RULES) {
    const match = phrase.match(rule.pattern);
    if (!match) continue;
    const command = rule.handle(match, phrase, context);
    if (command) return command;
  }
  return undefined;
}
