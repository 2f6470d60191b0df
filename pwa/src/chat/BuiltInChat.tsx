import { type FormEvent, type KeyboardEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChatMessages } from './ChatMessages';
import { type ChatDependencies, useChat } from './use-chat';
import { speechProblemText, useSpeech } from './use-speech';
import { VoiceButton } from './VoiceButton';

// The chat endpoint's limit on one message, in characters.
const MESSAGE_MAX = 4000;

/**
 * Fehrist's own chat panel, used when ChatKit is not configured or cannot load, and whenever
 * the device is offline: the conversation, a message box that Enter sends, and voice input.
 */
export function BuiltInChat(dependencies: ChatDependencies) {
  const { t, i18n } = useTranslation();
  const chat = useChat(dependencies);
  const [text, setText] = useState('');
  const inputId = useId();
  // What the box held when listening started; the transcript is added after it.
  const typedBefore = useRef('');
  const speech = useSpeech((transcript) => {
    setText(typedBefore.current ? `${typedBefore.current} ${transcript}` : transcript);
  });

  function submit(event?: FormEvent) {
    event?.preventDefault();
    const message = text.trim();
    if (!message || chat.busy) return;
    if (speech.listening) speech.stop();
    setText('');
    void chat.send(message);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // Enter sends and Shift+Enter starts a new line. Enter that confirms an IME composition does
    // neither.
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    submit();
  }

  return (
    <>
      {chat.offline && (
        <p className="chat-offline" role="status">
          {t('chat.offline')}
        </p>
      )}
      {chat.messages.length > 0 && (
        <div className="chat-bar">
          <button type="button" className="link-button" onClick={chat.startOver}>
            {t('chat.newConversation')}
          </button>
        </div>
      )}
      <ChatMessages
        messages={chat.messages}
        busy={chat.busy}
        onChoose={(messageID, taskID) => void chat.choose(messageID, taskID)}
      />
      {chat.problem && (
        <div className="chat-problem" role="alert">
          <p>{t(chat.problem.key, chat.problem.values)}</p>
          <button
            type="button"
            className="button button--small"
            onClick={() => chat.problem && void chat.send(chat.problem.retryText, { retry: true })}
          >
            {t('chat.retry')}
          </button>
        </div>
      )}
      {speech.problem && (
        <p className="chat-problem" role="alert">
          {speechProblemText(t, speech.problem, i18n.resolvedLanguage ?? i18n.language)}
        </p>
      )}
      {speech.listening && (
        <p className="chat-listening" role="status">
          {t('chat.voice.listening')}
        </p>
      )}
      <form className="chat-composer" onSubmit={submit}>
        <label htmlFor={inputId} className="visually-hidden">
          {t('chat.input')}
        </label>
        <textarea
          id={inputId}
          className="chat-input"
          rows={2}
          dir="auto"
          maxLength={MESSAGE_MAX}
          placeholder={t('chat.placeholder')}
          value={text}
          // biome-ignore lint/a11y/noAutofocus: opening the panel is a request to type in it
          autoFocus
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <VoiceButton
          listening={speech.listening}
          onStart={() => {
            typedBefore.current = text.trim();
            speech.start();
          }}
          onStop={speech.stop}
        />
        <button type="submit" className="button button--primary" disabled={chat.busy}>
          {t('chat.send')}
        </button>
      </form>
    </>
  );
}
