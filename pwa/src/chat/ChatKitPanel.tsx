import { ChatKit, useChatKit } from '@openai/chatkit-react';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { createTokenCache } from '../app/token';
import { withTimeZone } from './chat-api';
import { chatKitDomainKey } from './chatkit-loader';
import { loadConversation, saveConversation } from './conversation';
import { speechProblemText, useSpeech } from './use-speech';
import { VoiceButton } from './VoiceButton';

interface Props {
  userID: string;
  userZone: string;
  /** Switches to the built-in panel when ChatKit reports an error or is not ready in time. */
  onUnavailable: () => void;
}

// After the script has loaded, how long ChatKit may take to report that it is ready.
const READY_TIMEOUT_MS = 5000;

/**
 * ChatKit's web component on the agent's ChatKit endpoint (`/api/chatkit`), with the bearer
 * token and time zone added to each request. The thread it shows is the conversation the
 * built-in panel continues, and the reverse.
 */
export default function ChatKitPanel({ userID, userZone, onUnavailable }: Props) {
  const { t, i18n } = useTranslation();
  const tokens = useMemo(() => createTokenCache(), []);
  const ready = useRef(false);
  const initialThread = useMemo(() => loadConversation(userID).conversationID, [userID]);

  const chatkit = useChatKit({
    api: {
      url: '/api/chatkit',
      domainKey: chatKitDomainKey(),
      fetch: (input, init) => tokens.fetch(input, withTimeZone(init, userZone)),
    },
    locale: i18n.resolvedLanguage === 'ur' ? 'ur' : 'en',
    frameTitle: t('chat.title'),
    initialThread,
    onReady: () => {
      ready.current = true;
    },
    onError: ({ error }) => {
      console.warn('[chat] ChatKit reported an error', error);
      if (!ready.current) onUnavailable();
    },
    onThreadChange: ({ threadId }) => {
      saveConversation(userID, { ...loadConversation(userID), conversationID: threadId });
    },
  });

  useEffect(() => {
    const timer = setTimeout(() => {
      if (!ready.current) onUnavailable();
    }, READY_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [onUnavailable]);

  // Voice input fills ChatKit's composer; the user sends it from there.
  const speech = useSpeech((text) => void chatkit.setComposerValue({ text }));

  return (
    <>
      <ChatKit control={chatkit.control} className="chat-kit" />
      <div className="chat-voice-bar">
        {speech.problem && (
          <p className="chat-problem" role="alert">
            {speechProblemText(t, speech.problem, i18n.resolvedLanguage ?? i18n.language)}
          </p>
        )}
        <VoiceButton listening={speech.listening} onStart={speech.start} onStop={speech.stop} />
      </div>
    </>
  );
}
