import type { TFunction } from 'i18next';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SpeechController, type SpeechProblem } from './speech';

/**
 * Voice input for a text field. `onTranscript` receives the live transcript while the user
 * speaks; the recogniser language follows the interface language at the moment listening starts.
 */
export function useSpeech(onTranscript: (text: string, final: boolean) => void) {
  const { i18n } = useTranslation();
  const [listening, setListening] = useState(false);
  const [problem, setProblem] = useState<SpeechProblem | null>(null);
  const handler = useRef(onTranscript);
  handler.current = onTranscript;

  const controller = useMemo(
    () =>
      new SpeechController({
        onTranscript: (text, final) => handler.current(text, final),
        onListeningChange: setListening,
        onProblem: setProblem,
      }),
    [],
  );
  useEffect(() => () => controller.abort(), [controller]);

  return {
    listening,
    problem,
    start() {
      setProblem(null);
      controller.start(i18n.resolvedLanguage ?? i18n.language);
    },
    stop: () => controller.stop(),
  };
}

/** Explains a speech problem in the interface language. */
export function speechProblemText(t: TFunction, problem: SpeechProblem, language: string): string {
  switch (problem.kind) {
    case 'unsupported':
      return t('chat.voice.unsupported');
    case 'denied':
      return t('chat.voice.denied');
    case 'no-speech':
      return t('chat.voice.noSpeech');
    case 'no-microphone':
      return t('chat.voice.noMicrophone');
    case 'network':
      return t('chat.voice.network');
    case 'language':
      return t('chat.voice.language', {
        language: t(`language.${language === 'ur' ? 'ur' : 'en'}`),
      });
    case 'failed':
      return t('chat.voice.failed', { code: problem.code });
  }
}
