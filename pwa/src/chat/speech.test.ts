import { describe, expect, it } from 'vitest';
import {
  findRecognition,
  type Recognition,
  SpeechController,
  type SpeechProblem,
  speechLanguage,
} from './speech';

/** A stand-in for the browser's SpeechRecognition that the test drives by hand. */
class FakeRecognition implements Recognition {
  static instances: FakeRecognition[] = [];
  lang = '';
  interimResults = false;
  continuous = true;
  maxAlternatives = 0;
  onresult: Recognition['onresult'] = null;
  onerror: Recognition['onerror'] = null;
  onend: Recognition['onend'] = null;
  started = false;

  constructor() {
    FakeRecognition.instances.push(this);
  }

  start() {
    this.started = true;
  }

  stop() {
    this.onend?.();
  }

  abort() {
    this.onerror?.({ error: 'aborted' });
    this.onend?.();
  }

  /** Reports results as the browser does: every result so far, each with its best alternative. */
  emit(results: Array<[string, boolean]>) {
    const list = results.map(([transcript, isFinal]) =>
      Object.assign([{ transcript }], { isFinal }),
    );
    this.onresult?.({ results: list });
  }
}

function record() {
  const transcripts: Array<[string, boolean]> = [];
  const listening: boolean[] = [];
  const problems: SpeechProblem[] = [];
  return {
    transcripts,
    listening,
    problems,
    callbacks: {
      onTranscript: (text: string, final: boolean) => transcripts.push([text, final]),
      onListeningChange: (value: boolean) => listening.push(value),
      onProblem: (problem: SpeechProblem) => problems.push(problem),
    },
  };
}

function latest(): FakeRecognition {
  const recognition = FakeRecognition.instances.at(-1);
  if (!recognition) throw new Error('no recognition was created');
  return recognition;
}

describe('speech controller', () => {
  it('reports the interim and then the final transcript', () => {
    const events = record();
    const controller = new SpeechController(events.callbacks, FakeRecognition);

    controller.start('en');
    const recognition = latest();
    recognition.emit([['complete', false]]);
    recognition.emit([[' complete buy', false]]);
    recognition.emit([[' complete buy milk', true]]);
    recognition.stop();

    expect(recognition.started).toBe(true);
    expect(recognition.interimResults).toBe(true);
    expect(recognition.continuous).toBe(false);
    expect(events.transcripts).toEqual([
      ['complete', false],
      ['complete buy', false],
      ['complete buy milk', true],
    ]);
    expect(events.listening).toEqual([true, false]);
    expect(controller.listening).toBe(false);
  });

  it('joins several results into one transcript', () => {
    const events = record();
    new SpeechController(events.callbacks, FakeRecognition).start('en');

    latest().emit([
      ['remind me to call the bank', true],
      [' tomorrow at 10', false],
    ]);

    expect(events.transcripts).toEqual([['remind me to call the bank tomorrow at 10', false]]);
  });

  it('listens in the language of the interface', () => {
    const events = record();
    const controller = new SpeechController(events.callbacks, FakeRecognition);

    controller.start('ur');
    expect(latest().lang).toBe('ur-PK');
    controller.stop();
    controller.start('en');
    expect(latest().lang).toBe('en-US');
    expect(speechLanguage('ur')).toBe('ur-PK');
    expect(speechLanguage('en')).toBe('en-US');
  });

  it('explains a browser without speech recognition', () => {
    const events = record();
    const controller = new SpeechController(events.callbacks, null);

    controller.start('en');

    expect(controller.supported).toBe(false);
    expect(events.problems).toEqual([{ kind: 'unsupported' }]);
    expect(events.listening).toEqual([]);
  });

  it('finds the standard or the prefixed recogniser', () => {
    expect(findRecognition({})).toBeNull();
    expect(findRecognition({ webkitSpeechRecognition: FakeRecognition })).toBe(FakeRecognition);
    expect(findRecognition({ SpeechRecognition: FakeRecognition })).toBe(FakeRecognition);
  });

  it.each([
    ['not-allowed', { kind: 'denied' }],
    ['service-not-allowed', { kind: 'denied' }],
    ['no-speech', { kind: 'no-speech' }],
    ['audio-capture', { kind: 'no-microphone' }],
    ['network', { kind: 'network' }],
    ['language-not-supported', { kind: 'language' }],
    ['bad-grammar', { kind: 'failed', code: 'bad-grammar' }],
  ])('turns the %s error into a problem', (code, problem) => {
    const events = record();
    new SpeechController(events.callbacks, FakeRecognition).start('en');

    latest().onerror?.({ error: code });

    expect(events.problems).toEqual([problem]);
  });

  it('stays quiet about its own abort', () => {
    const events = record();
    const controller = new SpeechController(events.callbacks, FakeRecognition);
    controller.start('en');

    controller.abort();

    expect(events.problems).toEqual([]);
    expect(events.listening).toEqual([true, false]);
  });
});
