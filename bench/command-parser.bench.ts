// Offline command parser benchmark: latency per utterance over the parser's test table
// (English, Urdu script, Roman Urdu) against a baseline measured in the same run. Run with
// `npm run bench -- command-parser`.
//
// Baseline: one regex tokenizer pass (NFC, lower case, split into words and punctuation). Any
// parser must read the utterance at least this way, so the ratio is what the grammar costs on
// top of reading the text once. JSON.parse(JSON.stringify(text)) would copy the string
// without looking at words, so it would tell less about parsing.
import { cpus } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { parseCommand } from '../domain/src/commands';
import { COMMAND_CASES, DEFAULT_NOW } from '../domain/src/commands/parse-command.cases';

const RUNS = 100;
const WARM_UP_RUNS = 20;
// Each sample times this many calls and divides, because one baseline call is close to the
// resolution of performance.now().
const CALLS_PER_SAMPLE = 20;
const TIME_LIMIT_MS = 5 * 60_000;

const TOKEN = /[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu;

function tokenize(text: string): number {
  return text.normalize('NFC').toLowerCase().match(TOKEN)?.length ?? 0;
}

const inputs = COMMAND_CASES.map((item) => ({
  text: item.text,
  language: item.expected.language,
  options: { now: new Date(item.now ?? DEFAULT_NOW), timeZone: item.zone },
  expected: item.expected,
}));

/** Microseconds per call of `work`, averaged over one batch. */
function sample(work: () => number): { micros: number; check: number } {
  let check = 0;
  const started = performance.now();
  for (let call = 0; call < CALLS_PER_SAMPLE; call++) check += work();
  return { micros: ((performance.now() - started) * 1000) / CALLS_PER_SAMPLE, check };
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

const format = (value: number, digits = 1) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}

function main(): void {
  // Timing wrong results would mean nothing, so the table must parse as the tests expect.
  for (const input of inputs) {
    const parsed = parseCommand(input.text, input.options);
    if (!isDeepStrictEqual(parsed, input.expected)) {
      throw new Error(
        `"${input.text}" parsed to ${JSON.stringify(parsed)}; the tests expect otherwise`,
      );
    }
  }

  const parseOne = (index: number) => () => {
    const input = inputs[index % inputs.length];
    return input ? parseCommand(input.text, input.options).tool.length : 0;
  };
  const tokenizeOne = (index: number) => () => tokenize(inputs[index % inputs.length]?.text ?? '');

  for (let run = 0; run < WARM_UP_RUNS; run++) {
    inputs.forEach((_, index) => {
      sample(parseOne(index));
      sample(tokenizeOne(index));
    });
  }

  const parser: number[] = [];
  const baseline: number[] = [];
  const byLanguage = new Map<string, number[]>();
  let check = 0;
  const started = performance.now();
  for (let run = 0; run < RUNS; run++) {
    // Parser and baseline alternate per utterance, so both see the same machine state.
    inputs.forEach((input, index) => {
      const parsed = sample(parseOne(index));
      const tokenized = sample(tokenizeOne(index));
      parser.push(parsed.micros);
      baseline.push(tokenized.micros);
      check += parsed.check + tokenized.check;
      const samples = byLanguage.get(input.language) ?? [];
      samples.push(parsed.micros);
      byLanguage.set(input.language, samples);
    });
  }
  const seconds = (performance.now() - started) / 1000;

  const rows = [
    ['parser, all utterances', format(percentile(parser, 0.5)), format(percentile(parser, 0.99))],
    ...[...byLanguage].map(([language, samples]) => [
      `parser, ${language} (${samples.length / RUNS} utterances)`,
      format(percentile(samples, 0.5)),
      format(percentile(samples, 0.99)),
    ]),
    [
      'baseline: regex tokenizer pass',
      format(percentile(baseline, 0.5), 2),
      format(percentile(baseline, 0.99), 2),
    ],
    [
      'ratio: parser over baseline',
      `${format(percentile(parser, 0.5) / percentile(baseline, 0.5))}x`,
      `${format(percentile(parser, 0.99) / percentile(baseline, 0.99))}x`,
    ],
  ];
  printTable(['measurement (µs per utterance)', 'p50', 'p99'], rows);
  console.log(
    `${inputs.length} utterances × ${RUNS} runs, ${CALLS_PER_SAMPLE} calls per sample, ` +
      `${format(seconds)} s; Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} ` +
      `(${cpus().length} logical CPUs), one thread; check ${check}`,
  );
}

const deadline = setTimeout(() => {
  console.error(
    `command parser bench: still running after ${TIME_LIMIT_MS / 60_000} minutes; stopping`,
  );
  process.exit(1);
}, TIME_LIMIT_MS);
deadline.unref();

main();
clearTimeout(deadline);
