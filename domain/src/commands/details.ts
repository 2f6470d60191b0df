import { type Priority, type Reminder, TASK_LIMITS } from '../task-model';
import { EN_NUMBERS, numberPattern, numberValue, ROMAN_NUMBERS, UR_NUMBERS } from './lexicon';
import { B, E, type Phrase, rx } from './text';
import type { Script } from './when';

// Priority, tags, reminder lead times and descriptions inside a task phrase.

const PRIORITY_WORDS: Record<string, Priority> = {
  high: 'high',
  top: 'high',
  highest: 'high',
  urgent: 'high',
  zyada: 'high',
  ziada: 'high',
  zyaada: 'high',
  aala: 'high',
  زیادہ: 'high',
  اعلی: 'high',
  اونچی: 'high',
  medium: 'medium',
  med: 'medium',
  normal: 'medium',
  darmiyani: 'medium',
  درمیانی: 'medium',
  low: 'low',
  lowest: 'low',
  kam: 'low',
  کم: 'low',
  none: 'none',
  no: 'none',
  // p1 is the most urgent and p4 means no priority, as the PWA's quick-add box reads them.
  p1: 'high',
  p2: 'medium',
  p3: 'low',
  p4: 'none',
  '1': 'high',
  '2': 'medium',
  '3': 'low',
  '4': 'none',
};

/** Parses a priority word ("high", "p2", "کم"), or returns undefined for any other word. */
export function priorityOf(word: string): Priority | undefined {
  return PRIORITY_WORDS[word.trim()];
}

const PRIORITY_NAME = Object.keys(PRIORITY_WORDS).filter((word) => !/^\d$/.test(word));
const PRIORITY_TERM = ['priority', 'prio', 'tarjeeh', 'tarjih', 'ترجیح'];
// Words that mark a task urgent only at the start or end of the phrase, because inside a
// title they are usually part of it ("reply to the urgent email").
const URGENT_WORDS = [
  'urgent',
  'urgently',
  'asap',
  'important',
  'zaroori',
  'zaruri',
  'fori',
  'foran',
  'اہم',
  'فوری',
  'ضروری',
];

const PRIORITY_RULES: RegExp[] = [
  rx`(?<![\p{L}\p{N}_])!(?<p>high|medium|med|low|none|[1-4])${E}`,
  rx`${B}(?<p>p[1-4])${E}`,
  rx`${B}(?:(?:with|at)\s+)?(?:a\s+)?(?<p>${PRIORITY_NAME})\s+${PRIORITY_TERM}(?:\s+(?:کے\s+ساتھ|والا|والی|wala|wali))?${E}`,
  rx`${B}${PRIORITY_TERM}\s*(?::|=|is|of)?\s*(?<p>${PRIORITY_NAME}|[1-4])${E}`,
  rx`^\s*(?<p>${URGENT_WORDS})${E}[\s,:!.-]*`,
  rx`[\s,:-]*${B}(?:it'?s\s+|ye\s+|یہ\s+)?(?<p>${URGENT_WORDS})(?:\s+(?:hai|ہے))?[!.\s]*$`,
];

/** Takes a priority out of a phrase. */
export function takePriority(phrase: Phrase): Priority | undefined {
  for (const pattern of PRIORITY_RULES) {
    const match = phrase.take(pattern);
    if (!match) continue;
    const word = match.groups?.p ?? '';
    return URGENT_WORDS.includes(word) ? 'high' : priorityOf(word);
  }
  return undefined;
}

const TAG = rx`(?<![\p{L}\p{M}\p{N}_])#(?<tag>[\p{L}\p{M}\p{N}_-]+)`;

/** Takes every `#tag`, keeping each tag as the user spelled it. */
export function takeTags(phrase: Phrase): string[] {
  const tags: string[] = [];
  for (let match = phrase.match(TAG); match; match = phrase.match(TAG)) {
    const tag = phrase.group(match, 'tag')?.original();
    phrase.cut(match.index, match.index + match[0].length);
    if (tag) tags.push(tag);
  }
  return tags;
}

const LATIN_NUMBER = numberPattern({ ...EN_NUMBERS, ...ROMAN_NUMBERS });
const URDU_NUMBER = numberPattern(UR_NUMBERS);
const LATIN_LEAD_UNIT =
  '(?<unit>minutes?|mins?|hours?|hrs?|days?|weeks?|minat|mint|ghanta|ghante|ghantay|din|hafta|hafte)';
const URDU_LEAD_UNIT = '(?<unit>منٹ|گھنٹہ|گھنٹے|دن|ہفتہ|ہفتے)';

const LEAD_RULES: Record<Script, RegExp> = {
  latin: rx`${B}(?:(?:and\s+|with\s+)?(?:remind(?:\s+me)?|(?:a\s+)?reminder|alert(?:\s+me)?|notify(?:\s+me)?)\s+)?(?<n>${LATIN_NUMBER}|half\s+an|adha|aadha)\s+${LATIN_LEAD_UNIT}\s+(?:before|earlier|ahead|in\s+advance|pehle|pehlay|pahle)(?:\s+(?:it|that|hand|se))?${E}`,
  urdu: rx`${B}(?<n>${URDU_NUMBER}|آدھا|آدھے|ڈیڑھ)\s+${URDU_LEAD_UNIT}\s+(?:سے\s+)?پہلے${E}`,
};

const AT_DUE_RULES: Record<Script, RegExp> = {
  latin: rx`${B}(?:,\s*)?(?:with\s+(?:a\s+)?reminder|and\s+remind\s+me|remind\s+me|reminder\s+(?:on|at\s+the\s+time))${E}`,
  urdu: rx`${B}یاد\s+دہانی\s+کے\s+ساتھ${E}`,
};

function leadMinutes(amountText: string, unit: string): number {
  const amount = /half|adha|aadha|آدھ/.test(amountText)
    ? 0.5
    : amountText === 'ڈیڑھ'
      ? 1.5
      : (numberValue(amountText) ?? 1);
  const minutesPerUnit = /^(min|منٹ)/.test(unit)
    ? 1
    : /^(w|haft|ہفت)/.test(unit)
      ? 10_080
      : /^(h|ghant|گھنٹ)/.test(unit)
        ? 60
        : 1440;
  return Math.round(amount * minutesPerUnit);
}

/**
 * Takes reminder lead times ("30 minutes before", "ایک گھنٹہ پہلے") and "with a reminder".
 * Lead times longer than the task schema allows are clamped to its maximum of four weeks.
 */
export function takeReminders(phrase: Phrase, script: Script): Reminder[] {
  const reminders: Reminder[] = [];
  for (
    let match = phrase.take(LEAD_RULES[script]);
    match;
    match = phrase.take(LEAD_RULES[script])
  ) {
    const minutes = leadMinutes(match.groups?.n ?? '1', match.groups?.unit ?? 'minutes');
    reminders.push({ minutes_before: Math.min(minutes, TASK_LIMITS.minutesBeforeMax) });
  }
  if (phrase.take(AT_DUE_RULES[script]) && reminders.length === 0)
    reminders.push({ minutes_before: 0 });
  return reminders;
}

const DESCRIPTION = rx`(?:[,;]\s*|\s+)?${B}(?:note|notes|description|details|desc|tafseel|tafsil|تفصیل|نوٹ)\s*:\s*(?<text>.+)$`;

/** Takes a trailing "note: …" or "تفصیل: …" as the task's description. */
export function takeDescription(phrase: Phrase): string | undefined {
  const match = phrase.match(DESCRIPTION);
  if (!match) return undefined;
  const text = phrase.group(match, 'text')?.original();
  phrase.cut(match.index, match.index + match[0].length);
  return text || undefined;
}

const QUOTED = /"(?<text>[^"]+)"/du;

/**
 * Takes a quoted title: words inside quotes are the title as typed, never dates or commands.
 */
export function takeQuoted(phrase: Phrase): string | undefined {
  const match = phrase.match(QUOTED);
  if (!match) return undefined;
  const text = phrase.group(match, 'text')?.original();
  phrase.cut(match.index, match.index + match[0].length);
  return text || undefined;
}
