import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { isolate } from '../i18n';
import type { ChatMessage } from './conversation';
import { describeToolSummary } from './tool-summary';

interface Props {
  messages: ChatMessage[];
  busy: boolean;
  onChoose: (messageID: string, taskID: string) => void;
}

/**
 * Shows the conversation, oldest first. Every message text is a text node with `dir="auto"`, so an
 * Urdu message reads right to left in the English interface and the reverse.
 */
export function ChatMessages({ messages, busy, onChoose }: Props) {
  const { t } = useTranslation();
  const logRef = useRef<HTMLDivElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when a message or the busy note appears
  useEffect(() => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  }, [messages.length, busy]);

  return (
    <div className="chat-log" ref={logRef}>
      {messages.length === 0 && <p className="chat-empty">{t('chat.empty')}</p>}
      <ol className="chat-messages" role="log" aria-label={t('chat.messages')}>
        {messages.map((message) => (
          <li key={message.id} className={`chat-message chat-message--${message.role}`}>
            <span className="visually-hidden">
              {t(message.role === 'user' ? 'chat.you' : 'chat.assistant')}
            </span>
            <p className="chat-text" dir="auto">
              {message.text}
            </p>
            <ToolList message={message} />
            {message.choice && (
              <fieldset className="chat-choices">
                <legend className="visually-hidden">{t('chat.choose')}</legend>
                {message.choice.candidates.map((candidate) => (
                  <button
                    key={candidate.id}
                    type="button"
                    className="button button--small"
                    disabled={busy || message.choice?.chosen !== undefined}
                    aria-pressed={message.choice?.chosen === candidate.id}
                    onClick={() => candidate.id && onChoose(message.id, candidate.id)}
                  >
                    {t('chat.choice', { title: isolate(candidate.title) })}
                  </button>
                ))}
              </fieldset>
            )}
            {message.offline && <p className="chat-badge">{t('chat.onDevice')}</p>}
          </li>
        ))}
      </ol>
      {busy && (
        <p className="chat-thinking" role="status">
          {t('chat.thinking')}
        </p>
      )}
    </div>
  );
}

function ToolList({ message }: { message: ChatMessage }) {
  const { t } = useTranslation();
  const lines = (message.tools ?? [])
    .map((summary) => describeToolSummary(t, summary))
    .filter((line): line is string => line !== null);
  if (lines.length === 0) return null;
  return (
    <ul className="chat-tools">
      {lines.map((line, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the summaries of one reply never change
        <li key={index}>{line}</li>
      ))}
    </ul>
  );
}
