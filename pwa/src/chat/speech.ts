// Voice input through the Web Speech API. TypeScript's DOM library has no SpeechRecognition
// types yet, so the part used here is declared below.

/** One alternative of a recognition result. */
interface SpeechAlternative {
  readonly transcript: string;
}

/** A recognition result: its alternatives, best first, and whether it is final. */
interface SpeechResult {
  readonly isFinal: boolean;
  readonly length: number;
  readonly [index: number]: SpeechAlternative;
}

export interface SpeechResultEvent {
  readonly results: { readonly length: number; readonly [index: number]: SpeechResult };
}

export interface SpeechErrorEvent {
  readonly error: string;
}

/** The part of the browser's SpeechRecognition object the controller uses. */
export interface Recognition {
  lang: string;
  interimResults: boolean;
  continuous: boolean;
  maxAlternatives: number;
  onresult: ((event: SpeechResultEvent) => void) | null;
  onerror: ((event: SpeechErrorEvent) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
  abort(): void;
}

export type RecognitionConstructor = new () => Recognition;

/** The reason listening stopped without a usable transcript, in terms the panel can explain. */
export type SpeechProblem =
  | { kind: 'unsupported' }
  | { kind: 'denied' }
  | { kind: 'no-speech' }
  | { kind: 'no-microphone' }
  | { kind: 'network' }
  | { kind: 'language' }
  | { kind: 'failed'; code: string };

export interface SpeechCallbacks {
  /** The transcript so far; `final` once the recogniser will not change it any more. */
  onTranscript(text: string, final: boolean): void;
  onListeningChange(listening: boolean): void;
  onProblem(problem: SpeechProblem): void;
}

/** Returns the browser's recogniser (standard or WebKit-prefixed), or null when it has none. */
export function findRecognition(scope: object = globalThis): RecognitionConstructor | null {
  const candidates = scope as {
    SpeechRecognition?: RecognitionConstructor;
    webkitSpeechRecognition?: RecognitionConstructor;
  };
  return candidates.SpeechRecognition ?? candidates.webkitSpeechRecognition ?? null;
}

/** Returns the recogniser language for the interface language: Pakistani Urdu or US English. */
export function speechLanguage(language: string): string {
  return language === 'ur' ? 'ur-PK' : 'en-US';
}

function problemOf(code: string): SpeechProblem {
  switch (code) {
    case 'not-allowed':
    case 'service-not-allowed':
      return { kind: 'denied' };
    case 'no-speech':
      return { kind: 'no-speech' };
    case 'audio-capture':
      return { kind: 'no-microphone' };
    case 'network':
      return { kind: 'network' };
    case 'language-not-supported':
      return { kind: 'language' };
    default:
      return { kind: 'failed', code };
  }
}

/**
 * Listens for one utterance at a time. Interim results are reported as they come, so the
 * input shows the live transcript, and nothing is sent: the user edits and sends it.
 */
export class SpeechController {
  private readonly callbacks: SpeechCallbacks;
  private readonly Recognition: RecognitionConstructor | null;
  private active: Recognition | null = null;

  constructor(callbacks: SpeechCallbacks, Recognition = findRecognition()) {
    this.callbacks = callbacks;
    this.Recognition = Recognition;
  }

  get supported(): boolean {
    return this.Recognition !== null;
  }

  get listening(): boolean {
    return this.active !== null;
  }

  /** Starts listening in the recogniser language of `language` (`en` or `ur`). */
  start(language: string): void {
    if (!this.Recognition) {
      this.callbacks.onProblem({ kind: 'unsupported' });
      return;
    }
    this.active?.abort();

    const recognition = new this.Recognition();
    recognition.lang = speechLanguage(language);
    recognition.interimResults = true;
    recognition.continuous = false;
    recognition.maxAlternatives = 1;
    recognition.onresult = (event) => {
      const { text, final } = transcriptOf(event);
      this.callbacks.onTranscript(text, final);
    };
    recognition.onerror = (event) => {
      // "aborted" follows our own abort(), which needs no explanation.
      if (event.error !== 'aborted') this.callbacks.onProblem(problemOf(event.error));
    };
    recognition.onend = () => {
      if (this.active !== recognition) return;
      this.active = null;
      this.callbacks.onListeningChange(false);
    };

    this.active = recognition;
    try {
      recognition.start();
    } catch (error) {
      // start() throws when the recogniser is already running or the page may not use it.
      this.active = null;
      this.callbacks.onProblem({ kind: 'failed', code: (error as Error).name || 'start' });
      return;
    }
    this.callbacks.onListeningChange(true);
  }

  /** Stops listening; the recogniser still reports what it heard so far as final. */
  stop(): void {
    this.active?.stop();
  }

  /** Stops listening and drops what was not reported yet, as when the panel closes. */
  abort(): void {
    const recognition = this.active;
    if (!recognition) return;
    this.active = null;
    recognition.abort();
    this.callbacks.onListeningChange(false);
  }
}

/** Joins the best alternative of every result; the transcript is final once all results are. */
function transcriptOf(event: SpeechResultEvent): { text: string; final: boolean } {
  let text = '';
  let final = true;
  for (let index = 0; index < event.results.length; index++) {
    const result = event.results[index];
    if (!result) continue;
    text += result[0]?.transcript ?? '';
    if (!result.isFinal) final = false;
  }
  return { text: text.trim(), final };
}
