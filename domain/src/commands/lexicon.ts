import { alt } from './text';

// Word lists of the command grammar, in folded spelling (see text.ts): lower case, Urdu
// letters in their Urdu code points, no diacritics. Roman Urdu has no fixed spelling, so each
// word lists the spellings seen most often in chat.

export type Period = 'morning' | 'noon' | 'afternoon' | 'evening' | 'night';

/** Time of day a bare period word stands for, as `[hour, minute]`. */
export const PERIOD_TIMES: Record<Period, [number, number]> = {
  morning: [9, 0],
  noon: [12, 0],
  afternoon: [15, 0],
  evening: [18, 0],
  night: [21, 0],
};

export const EN_WEEKDAYS: readonly (readonly string[])[] = [
  ['monday', 'mon'],
  ['tuesday', 'tue', 'tues'],
  ['wednesday', 'wed'],
  ['thursday', 'thu', 'thur', 'thurs'],
  ['friday', 'fri'],
  ['saturday', 'sat'],
  ['sunday', 'sun'],
];

export const EN_MONTHS: readonly (readonly string[])[] = [
  ['january', 'jan'],
  ['february', 'feb'],
  ['march', 'mar'],
  ['april', 'apr'],
  ['may'],
  ['june', 'jun'],
  ['july', 'jul'],
  ['august', 'aug'],
  ['september', 'sept', 'sep'],
  ['october', 'oct'],
  ['november', 'nov'],
  ['december', 'dec'],
];

export const UR_MONTHS: readonly (readonly string[])[] = [
  ['جنوری'],
  ['فروری'],
  ['مارچ'],
  ['اپریل'],
  ['مئی'],
  ['جون'],
  ['جولائی'],
  ['اگست'],
  ['ستمبر'],
  ['اکتوبر'],
  ['نومبر'],
  ['دسمبر'],
];

/** Number words that may count days, hours or minutes, or name an hour. */
export const EN_NUMBERS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  'forty five': 45,
  'forty-five': 45,
};

export const ROMAN_NUMBERS: Record<string, number> = {
  ek: 1,
  aik: 1,
  do: 2,
  teen: 3,
  tin: 3,
  char: 4,
  chaar: 4,
  panch: 5,
  paanch: 5,
  chhe: 6,
  chay: 6,
  chhay: 6,
  che: 6,
  saat: 7,
  aath: 8,
  ath: 8,
  nau: 9,
  nou: 9,
  das: 10,
  gyarah: 11,
  gyara: 11,
  giyarah: 11,
  barah: 12,
  bara: 12,
  baara: 12,
  pandrah: 15,
  bees: 20,
  tees: 30,
  paintalis: 45,
};

export const UR_NUMBERS: Record<string, number> = {
  ایک: 1,
  دو: 2,
  تین: 3,
  چار: 4,
  پانچ: 5,
  چھ: 6,
  چھے: 6,
  سات: 7,
  آٹھ: 8,
  نو: 9,
  دس: 10,
  گیارہ: 11,
  بارہ: 12,
  پندرہ: 15,
  بیس: 20,
  تیس: 30,
  چالیس: 40,
  پینتالیس: 45,
};

/**
 * The words of the subject-object-verb date grammar that Urdu script and Roman Urdu share:
 * the same constructions ("kal", "3 din baad", "jumma ko") in two spellings.
 */
export interface SovWords {
  today: readonly string[];
  /** کل and kal: tomorrow, or yesterday in a sentence in the past tense. */
  kal: readonly string[];
  /** پرسوں and parson: the day after tomorrow, or before yesterday in the past tense. */
  parson: readonly string[];
  /** Words that make کل and پرسوں mean the past ("last", "ago"). */
  pastPrefix: readonly string[];
  /** Past-tense verbs. When the sentence has one, کل means yesterday. */
  pastTense: readonly string[];
  /** "next": اگلے, agle. */
  next: readonly string[];
  /** "this": اس, is. */
  this: readonly string[];
  /** "every": ہر, har. */
  every: readonly string[];
  /** "after" or "in" after a duration: بعد, میں, baad. */
  after: readonly string[];
  /** "before" or "ago" after a duration: پہلے, pehle. */
  before: readonly string[];
  /** Postpositions that may follow a date: کو, تک, کے دن. */
  on: readonly string[];
  /** "and" between weekdays. */
  and: readonly string[];
  weekdays: readonly (readonly string[])[];
  /** Saturday's name, which also means "week": ہفتہ, hafta. */
  saturday: readonly string[];
  weekend: readonly string[];
  day: readonly string[];
  week: readonly string[];
  month: readonly string[];
  year: readonly string[];
  hour: readonly string[];
  minute: readonly string[];
  /** "o'clock": بجے, baje. */
  oclock: readonly string[];
  /** "past" in "9 baj kar 30 minute". */
  pastHour: readonly string[];
  /** Half past (ساڑھے), quarter past (سوا), quarter to (پونے). */
  halfPast: readonly string[];
  quarterPast: readonly string[];
  quarterTo: readonly string[];
  /** 1:30 (ڈیڑھ) and 2:30 (ڈھائی), which also mean 1.5 and 2.5. */
  oneAndHalf: readonly string[];
  twoAndHalf: readonly string[];
  /** Half, in "half an hour". */
  half: readonly string[];
  /** Date of the month: تاریخ, tareekh. */
  dateOfMonth: readonly string[];
  /** Genitive postpositions: کا، کی، کے. */
  of: readonly string[];
  periods: Record<Period, readonly string[]>;
  /** Postpositions that may follow a period word: صبح کو، رات کے. */
  periodLink: readonly string[];
  months: readonly (readonly string[])[];
  numbers: Record<string, number>;
  /** "after completion" in a repeat phrase. */
  afterCompletion: readonly string[];
  /** "other" in "every other day": دوسرے, doosre. */
  other: readonly string[];
  /** Daily, weekly, monthly and yearly as one word. */
  daily: readonly string[];
  weekly: readonly string[];
  monthly: readonly string[];
  yearly: readonly string[];
}

export const URDU_WORDS: SovWords = {
  today: ['آج'],
  kal: ['کل'],
  parson: ['پرسوں'],
  pastPrefix: ['گزشتہ', 'گذشتہ', 'پچھلے', 'بیتے'],
  pastTense: ['تھا', 'تھی', 'تھے', 'تھیں'],
  next: ['اگلے', 'اگلی', 'اگلا', 'آنے والے', 'آنے والی'],
  this: ['اس', 'اسی'],
  every: ['ہر'],
  after: ['بعد', 'میں'],
  before: ['پہلے'],
  on: ['کو', 'تک', 'کے دن', 'والے دن'],
  and: ['اور', ','],
  weekdays: [
    ['پیر', 'سوموار'],
    ['منگل'],
    ['بدھ'],
    ['جمعرات'],
    ['جمعہ', 'جمعے'],
    ['سنیچر', 'ہفتہ', 'ہفتے'],
    ['اتوار'],
  ],
  saturday: ['ہفتہ', 'ہفتے'],
  weekend: ['ویک اینڈ', 'ہفتے کے آخر', 'چھٹی کے دن'],
  day: ['دن', 'دنوں', 'روز'],
  week: ['ہفتہ', 'ہفتے', 'ہفتوں'],
  month: ['مہینہ', 'مہینے', 'مہینوں', 'ماہ'],
  year: ['سال', 'برس'],
  hour: ['گھنٹہ', 'گھنٹے', 'گھنٹوں'],
  minute: ['منٹ', 'منٹوں'],
  oclock: ['بجے'],
  pastHour: ['بج کر'],
  halfPast: ['ساڑھے'],
  quarterPast: ['سوا'],
  quarterTo: ['پونے'],
  oneAndHalf: ['ڈیڑھ'],
  twoAndHalf: ['ڈھائی', 'اڑھائی'],
  half: ['آدھا', 'آدھے'],
  dateOfMonth: ['تاریخ'],
  of: ['کا', 'کی', 'کے'],
  periods: {
    morning: ['صبح', 'سویرے'],
    noon: ['دوپہر'],
    afternoon: ['سہ پہر', 'سہپہر'],
    evening: ['شام'],
    night: ['رات'],
  },
  periodLink: ['کو', 'کے', 'میں'],
  months: UR_MONTHS,
  numbers: UR_NUMBERS,
  afterCompletion: ['مکمل ہونے کے بعد', 'مکمل کرنے کے بعد', 'پورا ہونے کے بعد'],
  other: ['دوسرے'],
  daily: ['روزانہ', 'روز'],
  weekly: ['ہفتہ وار'],
  monthly: ['ماہانہ'],
  yearly: ['سالانہ'],
};

export const ROMAN_WORDS: SovWords = {
  today: ['aaj', 'aj'],
  kal: ['kal'],
  parson: ['parson', 'parso', 'parsoon', 'parsun'],
  pastPrefix: ['guzishta', 'guzashta', 'pichle', 'pichhle'],
  pastTense: ['tha', 'thi', 'thin'],
  next: ['agle', 'agli', 'agla', 'aane wale', 'aane wali', 'anay walay'],
  this: ['is', 'iss', 'isi'],
  every: ['har'],
  after: ['baad', 'bad', 'mein', 'main', 'me'],
  before: ['pehle', 'pehlay', 'pahle', 'pehly'],
  on: ['ko', 'tak', 'ke din', 'wale din'],
  and: ['aur', 'or', ','],
  weekdays: [
    ['peer', 'pir', 'somwar', 'monday'],
    ['mangal', 'tuesday'],
    ['budh', 'budhwar', 'wednesday'],
    ['jumeraat', 'jumerat', 'jumairat', 'jumarat', 'thursday'],
    ['jumma', 'juma', 'jummah', 'jumah', 'friday'],
    ['hafta', 'hafte', 'saturday'],
    ['itwar', 'itwaar', 'itvaar', 'sunday'],
  ],
  saturday: ['hafta', 'hafte'],
  weekend: ['weekend', 'hafte ke aakhir', 'hafte ke akhir'],
  day: ['din', 'dino', 'dinon', 'roz'],
  week: ['hafta', 'hafte', 'hafton', 'week'],
  month: ['mahina', 'mahine', 'mahinay', 'mahinon', 'maah'],
  year: ['saal', 'sal', 'baras'],
  hour: ['ghanta', 'ghante', 'ghantay', 'ghanton'],
  minute: ['minute', 'minutes', 'minat', 'mint', 'min'],
  oclock: ['baje', 'bajay', 'bje', 'bjay'],
  pastHour: ['baj kar', 'baj ke'],
  halfPast: ['sarhe', 'saarhe', 'saade', 'sade', 'saarhay'],
  quarterPast: ['sawa'],
  quarterTo: ['paune', 'pone', 'pony'],
  oneAndHalf: ['dedh', 'derh', 'dairh'],
  twoAndHalf: ['dhai', 'dhaai', 'adhai'],
  half: ['adha', 'aadha', 'adhe', 'aadhe'],
  dateOfMonth: ['tareekh', 'tarikh', 'tareek'],
  of: ['ka', 'ki', 'ke'],
  periods: {
    morning: ['subah', 'subha', 'subh', 'sobah', 'savere'],
    noon: ['dopahar', 'dopehar', 'dupehar', 'dopher', 'dophar'],
    afternoon: ['seh pehar', 'sehpehar'],
    evening: ['shaam', 'sham', 'shaam'],
    night: ['raat'],
  },
  periodLink: ['ko', 'ke', 'mein', 'main'],
  months: EN_MONTHS,
  numbers: ROMAN_NUMBERS,
  afterCompletion: [
    'mukammal hone ke baad',
    'mukammal karne ke baad',
    'complete hone ke baad',
    'poora hone ke baad',
  ],
  other: ['doosre', 'dusre', 'doosray'],
  daily: ['rozana', 'roz'],
  weekly: ['hafta war', 'haftawar'],
  monthly: ['mahana', 'maahana'],
  yearly: ['salana', 'saalana'],
};

/** Parses a digit string or a number word from any of the lists, or returns undefined. */
export function numberValue(word: string): number | undefined {
  const trimmed = word.trim().replace(/\s+/g, ' ');
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return EN_NUMBERS[trimmed] ?? ROMAN_NUMBERS[trimmed] ?? UR_NUMBERS[trimmed];
}

/** All number words of a list plus digits, as a pattern. */
export function numberPattern(words: Record<string, number>): string {
  return `(?:\\d{1,3}|${alt(Object.keys(words))})`;
}

/** The index in a list of synonym groups whose group contains `word`, or -1. */
export function indexOfWord(groups: readonly (readonly string[])[], word: string): number {
  const folded = word.trim().replace(/\s+/g, ' ');
  return groups.findIndex((group) => group.includes(folded));
}
