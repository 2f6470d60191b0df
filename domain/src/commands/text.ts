// Text scanning for the command parser. Patterns run over a folded copy of the input: lower
// case, one Urdu spelling per letter, ASCII digits, no diacritics. Every folded character
// keeps the span of input it came from, so titles are cut from the text as the user typed it.

// Harakat, superscript alef, Quranic marks, tatweel, zero-width and bidi controls. They change
// neither the word nor its meaning, and keyboards insert them inconsistently. Hamza above and
// maddah (U+0653 to U+0655) are kept because they are part of letters such as ئ and آ.
const IGNORED =
  /[\u0610-\u061A\u064B-\u0652\u0656-\u065F\u0670\u06D6-\u06ED\u0640\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/u;

// Arabic-keyboard letters that Urdu writes with its own code points, and punctuation that has
// an ASCII twin. Each maps one code point to one folded character.
const LETTER_FOLDS: Record<string, string> = {
  '\u064A': 'ی', // Arabic yeh
  '\u0649': 'ی', // alef maksura
  '\u0643': 'ک', // Arabic kaf
  '\u0647': 'ہ', // Arabic heh
  '\u06C0': 'ۂ', // heh with yeh above
  '\u060C': ',',
  '\u061B': ';',
  '\u061F': '?',
  '\u06D4': '.',
  '\u2018': "'",
  '\u2019': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u00AB': '"',
  '\u00BB': '"',
};

/** A character that may start or end a word: letters, marks, digits and the underscore. */
const WORD_CHAR = '[\\p{L}\\p{M}\\p{N}_]';
/** Start of a word: the previous character is no word character and no `#`. */
export const B = `(?<![\\p{L}\\p{M}\\p{N}_#])`;
/** End of a word. */
export const E = `(?!${WORD_CHAR})`;

/** Escapes a literal for use inside a regular expression, where a space matches any run of spaces. */
function escapeWord(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/ /g, '\\s+');
}

/** An alternation of literal words, longest first so that "ho gaya" wins over "ho". */
export function alt(words: readonly string[]): string {
  const sorted = [...new Set(words)].sort((a, b) => b.length - a.length);
  return `(?:${sorted.map(escapeWord).join('|')})`;
}

/**
 * Builds a Unicode regular expression with match indices (`d`) from a raw template. A string
 * list interpolates as an alternation of literal words, and a string as pattern text.
 */
export function rx(
  strings: TemplateStringsArray,
  ...parts: (string | readonly string[])[]
): RegExp {
  let source = strings.raw[0] ?? '';
  parts.forEach((part, index) => {
    source += typeof part === 'string' ? part : alt(part);
    source += strings.raw[index + 1] ?? '';
  });
  return new RegExp(source, 'du');
}

/** Folds one code point for matching. The empty string drops it. */
function foldCodePoint(char: string): string {
  if (/\s/u.test(char)) return ' ';
  if (IGNORED.test(char)) return '';
  const code = char.codePointAt(0) ?? 0;
  // Arabic-Indic (U+0660) and Extended Arabic-Indic (U+06F0, used for Urdu) digits.
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
  return LETTER_FOLDS[char] ?? char.toLowerCase();
}

const globalVersions = new WeakMap<RegExp, RegExp>();

/** The pattern with the `g` flag, compiled once, for scans that continue from `lastIndex`. */
function globalVersion(pattern: RegExp): RegExp {
  let global = globalVersions.get(pattern);
  if (!global) {
    global = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`);
    globalVersions.set(pattern, global);
  }
  return global;
}

/**
 * A piece of the user's text that grammar rules consume part by part. Taking a match blanks it
 * in the folded text, so later rules cannot match it again, and `original()` returns what is
 * left in the user's own spelling.
 */
export class Phrase {
  private constructor(
    private readonly source: string,
    private folded: string,
    /** For each folded character, the span of source text it stands for. */
    private readonly starts: readonly number[],
    private readonly ends: readonly number[],
    private readonly kept: boolean[],
  ) {}

  static of(input: string): Phrase {
    const source = input.normalize('NFC').trim();
    let folded = '';
    const starts: number[] = [];
    const ends: number[] = [];
    const chars = Array.from(source);
    let offset = 0;

    for (let index = 0; index < chars.length; index++) {
      let char = chars[index] ?? '';
      let length = char.length;
      // ی followed by a combining hamza is the letter ئ written in two code points.
      if (char === 'ی' && chars[index + 1] === '\u0654') {
        char = 'ئ';
        length += 1;
        index++;
      }
      let mapped = foldCodePoint(char);
      if (mapped === ' ' && folded.endsWith(' ')) mapped = '';

      if (mapped === '') {
        // A dropped character belongs to the folded character before it.
        if (ends.length > 0) ends[ends.length - 1] = offset + length;
      } else {
        for (const unit of mapped) {
          folded += unit;
          starts.push(offset);
          ends.push(offset + length);
        }
      }
      offset += length;
    }
    return new Phrase(
      source,
      folded,
      starts,
      ends,
      starts.map(() => true),
    );
  }

  /** The folded text, where characters already taken read as spaces. */
  get text(): string {
    return this.folded;
  }

  /** Runs a pattern over the folded text without taking anything. */
  match(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = 0;
    return pattern.exec(this.folded);
  }

  /** Finds a pattern and takes the whole match. */
  take(pattern: RegExp): RegExpExecArray | null {
    const found = this.match(pattern);
    if (found) this.cut(found.index, found.index + found[0].length);
    return found;
  }

  /**
   * Takes every match of a pattern, left to right. Each search continues after the previous
   * match, so a long phrase is scanned once.
   */
  takeAll(pattern: RegExp): number {
    const scan = globalVersion(pattern);
    let count = 0;
    scan.lastIndex = 0;
    for (let found = scan.exec(this.folded); found; found = scan.exec(this.folded)) {
      // A match of nothing but spaces would be found again forever, so it ends the loop.
      if (!found[0].trim()) break;
      this.cut(found.index, found.index + found[0].length);
      count++;
    }
    return count;
  }

  /** Takes the folded characters from `start` up to `end`. */
  cut(start: number, end: number): void {
    if (end <= start) return;
    for (let index = start; index < end; index++) this.kept[index] = false;
    this.folded = this.folded.slice(0, start) + ' '.repeat(end - start) + this.folded.slice(end);
  }

  /** Takes the span of a named group of a match found on this phrase, if the group matched. */
  cutGroup(found: RegExpExecArray, name: string): void {
    const span = found.indices?.groups?.[name];
    if (span) this.cut(span[0], span[1]);
  }

  /** A new phrase over the span of a named group, or undefined when the group did not match. */
  group(found: RegExpExecArray, name: string): Phrase | undefined {
    const span = found.indices?.groups?.[name];
    return span ? this.slice(span[0], span[1]) : undefined;
  }

  slice(start: number, end: number): Phrase {
    return new Phrase(
      this.source,
      this.folded.slice(start, end),
      this.starts.slice(start, end),
      this.ends.slice(start, end),
      this.kept.slice(start, end),
    );
  }

  /** The untaken text as the user wrote it, with runs of white space made single and trimmed. */
  original(): string {
    let result = '';
    let copiedTo = -1;
    for (let index = 0; index < this.folded.length; index++) {
      if (!this.kept[index]) {
        result += ' ';
        continue;
      }
      const start = Math.max(this.starts[index] ?? 0, copiedTo);
      const end = this.ends[index] ?? start;
      if (end > start) result += this.source.slice(start, end);
      copiedTo = Math.max(copiedTo, end);
    }
    return result.replace(/\s+/gu, ' ').trim();
  }

  /** True when nothing but spaces and punctuation is left. */
  isBlank(): boolean {
    return !/[\p{L}\p{N}]/u.test(this.folded);
  }
}
