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
import type { Phrase } from './text';
import { B, E, rx } from './text';
import type { ParsedCommand, TaskChanges } from './types';
import { takeWhen } from './when';

// English commands: the verb comes first ("add …", "move … to …", "what's overdue").
// Dates and times inside them may be English or Roman Urdu ("add doodh kal subah").

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
const LEAD_UNIT = '(?:minutes?|mins?|hours?|hrs?|days?|weeks?)';
const PRIORITY_WORD = '(?<p>high|highest|top|urgent|medium|med|normal|low|lowest|none|no|p[1-4])';
const MOVE_VERB = String.raw`(?:reschedule|move|postpone|push(?:\s+back)?|shift|defer|delay|bump)`;

function part(match: RegExpExecArray, phrase: Phrase, name: string): Phrase | undefined {
  return phrase.group(match, name);
}

function update(
  match: RegExpExecArray,
  phrase: Phrase,
  context: Context,
  changes: TaskChanges,
): ParsedCommand {
  const target = part(match, phrase, 'target');
  const taskMatch = target && matchFrom(target, context);
  if (!taskMatch) return unknown(context, 'missing_task');
  return { tool: 'update_task', language: context.language, args: { match: taskMatch, changes } };
}

function changePriority(match: RegExpExecArray, phrase: Phrase, context: Context): ParsedCommand {
  const word = match.groups?.p ?? (match.groups?.u ? 'high' : '');
  const priority = priorityOf(word === 'urgent' || word === 'important' ? 'high' : word);
  if (!priority) return unknown(context, 'missing_change');
  return update(match, phrase, context, { priority });
}

/**
 * Splits "X to Y" at the first "to", "for", "on", "at" or "until" after which only a date or
 * time follows, so "move talk to bob to friday" moves "talk to bob".
 */
function move(rest: Phrase, context: Context): ParsedCommand {
  const separator = /\s(?:to|until|till|for|on|at)\s/gu;
  // The date is among the last words, so the search starts one separator (" until ") before them.
  separator.lastIndex = Math.max(0, whenWindowStart(rest.text) - ' until '.length);
  for (let found = separator.exec(rest.text); found; found = separator.exec(rest.text)) {
    const when = whenOnly(rest.slice(found.index + found[0].length, rest.text.length), context);
    if (when) return buildMove(rest.slice(0, found.index), when, context);
    separator.lastIndex = found.index + 1;
  }

  // "postpone the dentist tomorrow": no separator, but a date inside.
  const target = rest.slice(0, rest.text.length);
  const when = takeWhen(target, context.clock, context.script);
  if (!when.date && !when.time) return unknown(context, 'missing_time');
  return buildMove(target, when, context);
}

const RULES: GrammarRule[] = [
  {
    pattern: rx`^\s*remind\s+me\s+(?:about|of)\s+(?<body>\S.*?)${END}`,
    handle: (match, phrase, context) =>
      buildSetReminder(part(match, phrase, 'body') as Phrase, context),
  },
  {
    pattern: rx`^\s*remind\s+me\s+(?<lead>(?:\d{1,3}|an?|one|two|three|five|ten|fifteen|twenty|thirty|half\s+an)\s+${LEAD_UNIT}\s+before)\s+(?:the\s+|my\s+)?(?<target>\S.*?)${END}`,
    handle: (match, phrase, context) => {
      const reminders = takeReminders(part(match, phrase, 'lead') as Phrase, context.script);
      const target = part(match, phrase, 'target');
      const taskMatch = target && matchFrom(target, context);
      if (reminders.length === 0) return undefined;
      if (!taskMatch) return unknown(context, 'missing_task');
      return {
        tool: 'set_reminder',
        language: context.language,
        args: { match: taskMatch, reminders },
      };
    },
  },
  {
    pattern: rx`^\s*(?:set|add|create|put)\s+(?:up\s+)?(?:a\s+|an\s+)?(?:reminder|alert|alarm)\s+(?:for|on|to|about)\s+(?<body>\S.*?)${END}`,
    handle: (match, phrase, context) =>
      buildSetReminder(part(match, phrase, 'body') as Phrase, context),
  },
  {
    pattern: rx`^\s*(?:remind\s+me\s+(?:to\s+)?|don'?t\s+let\s+me\s+forget\s+(?:to\s+)?|remember\s+to\s+)(?<body>\S.*?)${END}`,
    handle: (match, phrase, context) =>
      buildAdd(part(match, phrase, 'body') as Phrase, context, { remind: true }),
  },
  {
    pattern: rx`^\s*(?:rename|retitle)\s+(?<target>\S.*?)\s+(?:to|as|into)\s+(?<title>\S.*?)${END}`,
    handle: (match, phrase, context) => rename(match, phrase, context),
  },
  {
    pattern: rx`^\s*(?:change|set|update)\s+(?:the\s+)?(?:title|name)\s+of\s+(?<target>\S.*?)\s+to\s+(?<title>\S.*?)${END}`,
    handle: (match, phrase, context) => rename(match, phrase, context),
  },
  {
    pattern: rx`^\s*(?:set|change|make|update)\s+(?:the\s+)?priority\s+(?:of|for|on)\s+(?<target>\S.*?)\s+(?:to|as)\s+(?:(?<p>[\p{L}\d]+)(?:\s+priority)?)${END}`,
    handle: changePriority,
  },
  {
    pattern: rx`^\s*(?:set|change|update)\s+(?<target>\S.*?)(?:'s)?\s+priority\s+(?:to\s+)?(?<p>[\p{L}\d]+)${END}`,
    handle: changePriority,
  },
  {
    pattern: rx`^\s*(?:make|mark|set)\s+(?<target>\S.*?)\s+(?:as\s+|to\s+)?(?:(?:a\s+)?${PRIORITY_WORD}\s+priority|(?<u>urgent|important))${END}`,
    handle: changePriority,
  },
  {
    pattern: rx`^\s*(?:prioriti[sz]e)\s+(?<target>\S.*?)${END}`,
    handle: (match, phrase, context) => update(match, phrase, context, { priority: 'high' }),
  },
  {
    pattern: rx`^\s*(?:change|set|update|move)\s+(?:the\s+)?(?:due\s+date|due\s+time|date|time|deadline|due)\s+(?:of|for|on)\s+(?<target>\S.*?)\s+to\s+(?<when>\S.*?)${END}`,
    handle: (match, phrase, context) => {
      const when = whenOnly(part(match, phrase, 'when') as Phrase, context);
      if (!when) return unknown(context, 'missing_time');
      return buildMove(part(match, phrase, 'target') as Phrase, when, context);
    },
  },
  {
    pattern: rx`^\s*${MOVE_VERB}\s+(?<rest>\S.*?)${END}`,
    handle: (match, phrase, context) => move(part(match, phrase, 'rest') as Phrase, context),
  },
  {
    pattern: rx`^\s*(?:mark|set)\s+(?<target>\S.*?)\s+(?:as\s+)?(?:done|complete|completed|finished)${END}`,
    handle: (match, phrase, context) =>
      buildTargeted('complete_task', part(match, phrase, 'target') as Phrase, context),
  },
  {
    pattern: rx`^\s*(?:complete|finish|done|tick\s+off|check\s+off|cross\s+off|close)\s+(?<target>\S.*?)${END}`,
    handle: (match, phrase, context) =>
      buildTargeted('complete_task', part(match, phrase, 'target') as Phrase, context),
  },
  {
    pattern: rx`^\s*i\s*(?:have\s+|'ve\s+)?(?:finished|completed|done)\s+(?<target>\S.*?)${END}`,
    handle: (match, phrase, context) =>
      buildTargeted('complete_task', part(match, phrase, 'target') as Phrase, context),
  },
  {
    pattern: rx`^\s*(?:delete|remove|erase|trash|drop|cancel|get\s+rid\s+of)\s+(?<target>\S.*?)${END}`,
    handle: (match, phrase, context) =>
      buildTargeted('delete_task', part(match, phrase, 'target') as Phrase, context),
  },
  {
    // Everything after "add" is the task, even words that read like commands.
    pattern: rx`^\s*(?:add|create|new|make|put|note\s+down|jot\s+down|schedule|plan|todo|to-do|task)(?:\s+(?:(?:a|an|another)\s+)?(?:new\s+)?(?:task|todo|to-do|item|entry)s?)?(?:\s*:\s*|\s+(?:to|called|named|titled)\s+|\s+)(?<body>\S.*?)${END}`,
    handle: (match, phrase, context) =>
      buildAdd(part(match, phrase, 'body') as Phrase, context, { remind: false }),
  },
  {
    pattern: rx`^\s*i\s+(?:need|have|must|should|gotta|want)\s+(?:to\s+)?(?<body>\S.*?)${END}`,
    handle: (match, phrase, context) =>
      buildAdd(part(match, phrase, 'body') as Phrase, context, { remind: false }),
  },
  {
    pattern: rx`^\s*(?:find|search(?:\s+for)?|look\s+for|look\s+up)\s+(?<body>\S.*?)${END}`,
    handle: (match, phrase, context) => buildList(part(match, phrase, 'body') as Phrase, context),
  },
  {
    pattern: rx`^\s*(?:show|list|display|view|see|get|give|tell|read|open)${E}(?:\s+(?:me|us))?(?<body>.*?)${END}`,
    handle: (match, phrase, context) => buildList(part(match, phrase, 'body') as Phrase, context),
  },
  {
    pattern: rx`^\s*(?:what'?s|whats|what're|what|which|any|anything|is\s+there|are\s+there|do\s+i\s+have|have\s+i\s+got|how\s+many)${E}(?<body>.*?)${END}`,
    handle: (match, phrase, context) => buildList(part(match, phrase, 'body') as Phrase, context),
  },
  {
    pattern: rx`^\s*(?<target>\S.*?)\s+(?:is\s+|are\s+)?(?:done|completed|finished)${END}`,
    handle: (match, phrase, context) =>
      buildTargeted('complete_task', part(match, phrase, 'target') as Phrase, context),
  },
];

function rename(match: RegExpExecArray, phrase: Phrase, context: Context): ParsedCommand {
  const title = part(match, phrase, 'title')
    ?.original()
    .replace(/^["']|["']$/gu, '');
  if (!title) return unknown(context, 'missing_change');
  return update(match, phrase, context, { title });
}

const TASK_NOUN = rx`${B}(?:tasks?|todos?|to-dos?|agenda|list)${E}`;

/**
 * Reads a command in English word order. Returns undefined when no rule applies, so the
 * caller can try the Urdu grammar.
 */
export function parseEnglish(phrase: Phrase, context: Context): ParsedCommand | undefined {
  for (const rule of RULES) {
    const match = phrase.match(rule.pattern);
    if (!match) continue;
    const command = rule.handle(match, phrase, context);
    if (command) return command;
  }

  // A bare filter such as "overdue tasks" or "today" is read as a list request.
  const probe = phrase.slice(0, phrase.text.length);
  const hasNoun = probe.match(TASK_NOUN) !== null;
  const command = buildList(probe, context);
  if (command.tool !== 'list_tasks' || command.args.q !== undefined) return undefined;
  if (!hasNoun && Object.keys(command.args).length === 0) return undefined;
  return command;
}
