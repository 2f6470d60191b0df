import { canonicalTimeZone, localDate } from '../time';
import { type Context, unknown } from './build';
import { InvalidDateError } from './calendar';
import { parseEnglish } from './english';
import { ROMAN_WORDS, URDU_WORDS } from './lexicon';
import { B, E, Phrase, rx } from './text';
import type { CommandLanguage, ParsedCommand, ParseOptions } from './types';
import { parseUrdu } from './urdu';

// Words that mark Latin-script text as Roman Urdu. One strong word is enough. Weak words are
// also English words or names, so it takes two of them.
const ROMAN_STRONG = rx`${B}(?:kal|aaj|parson|parso|subah|subha|shaam|raat|dopahar|baje|bajay|bje|karo|kardo|kar|karna|karein|dikhao|dikha|batao|mitao|mita|hatao|hata|yaad|yad|dilana|dilao|dila|mukammal|hogaya|hogya|gaya|gya|gayi|mujhe|mera|meri|mere|kaam|naam|liye|pehle|baad|agle|agla|rozana|hafte|mahine|jumma|jumeraat|itwar|shamil|naya|wala|wali|wale|tareekh|ghante|ghanta|kya|kaun)${E}`;
const ROMAN_WEAK = rx`${B}(?:ko|ki|ka|ke|hai|hain|har|roz|saal|se|pe|par|mein|main|aur|do|tak|din|lena|dena|sab|bhi)${E}`;
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;

const PAST_TENSE = {
  urdu: rx`${B}${URDU_WORDS.pastTense}${E}`,
  latin: rx`${B}${ROMAN_WORDS.pastTense}${E}`,
};

const POLITE_START = rx`^\s*(?:(?:please|pls|plz|kindly|hey|hi|ok|okay|can\s+you|could\s+you|would\s+you|will\s+you|zara|براہ\s+کرم|برائے\s+مہربانی|مہربانی\s+کر\s+کے|پلیز|ذرا)[\s,]+)+`;
const POLITE_END = rx`[\s,]+(?:please|pls|plz|thanks|thank\s+you|shukriya|meherbani|پلیز|شکریہ|مہربانی)(?=[\s.!?]*$)`;

// Canonical names of the zones seen so far. canonicalTimeZone builds an Intl.DateTimeFormat
// on every call, which costs more than the whole parse, and the result for a name never changes.
const canonicalZones = new Map<string, string | undefined>();

function canonicalZone(zone: string): string | undefined {
  if (!canonicalZones.has(zone)) canonicalZones.set(zone, canonicalTimeZone(zone));
  return canonicalZones.get(zone);
}

/**
 * Maximum length of a message, in characters: a title (200) and a description (1000) with room for
 * command words and dates. It also bounds the time regular expressions spend on one message.
 */
export const MAX_COMMAND_LENGTH = 2000;

/** Detects the language of a command from its script and, for Latin script, its words. */
export function detectLanguage(text: string): CommandLanguage {
  if (ARABIC_SCRIPT.test(text)) return 'ur';
  const phrase = Phrase.of(text);
  if (phrase.match(ROMAN_STRONG)) return 'ur-Latn';
  const weak = phrase.slice(0, phrase.text.length).takeAll(ROMAN_WEAK);
  return weak >= 2 ? 'ur-Latn' : 'en';
}

/**
 * Parses a typed or spoken message into one task-tool call. Pure: the caller passes the
 * moment and the user's IANA time zone, and relative dates ("tomorrow", "کل", "agle jumma")
 * resolve to the user's calendar. Throws RangeError for an invalid `now` or time zone.
 */
export function parseCommand(text: string, options: ParseOptions): ParsedCommand {
  if (Number.isNaN(options.now.getTime())) throw new RangeError('now must be a valid Date');
  const timeZone = canonicalZone(options.timeZone);
  if (!timeZone) {
    throw new RangeError(`timeZone "${options.timeZone}" is not a known IANA time-zone name`);
  }

  const language = detectLanguage(text.slice(0, MAX_COMMAND_LENGTH));
  const script = language === 'ur' ? 'urdu' : 'latin';
  const phrase = Phrase.of(text.slice(0, MAX_COMMAND_LENGTH));
  const context: Context = {
    language,
    script,
    clock: {
      now: options.now,
      timeZone,
      today: localDate(options.now, timeZone),
      past: phrase.match(PAST_TENSE[script]) !== null,
    },
  };
  if (phrase.isBlank()) return unknown(context, 'empty');
  if (text.length > MAX_COMMAND_LENGTH) return unknown(context, 'too_long');

  phrase.take(POLITE_START);
  phrase.take(POLITE_END);
  try {
    return parseIn(phrase, context) ?? unknown(context, 'no_command');
  } catch (error) {
    if (error instanceof InvalidDateError) return unknown(context, 'invalid_date');
    throw error;
  }
}

function parseIn(phrase: Phrase, context: Context): ParsedCommand | undefined {
  switch (context.language) {
    case 'ur':
      return parseUrdu(phrase, context, false) ?? parseEnglish(phrase, context);
    case 'ur-Latn':
      return parseUrdu(phrase, context, true) ?? parseEnglish(phrase, context);
    case 'en':
      return parseEnglish(phrase, context) ?? parseUrdu(phrase, context, true);
  }
}
