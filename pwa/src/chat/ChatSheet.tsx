import { lazy, Suspense, useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOnline } from '../app/hooks';
import { addChatStrings } from '../i18n/chat-strings';
import { Icon } from '../ui/icons';
import { BuiltInChat } from './BuiltInChat';
import { chatKitDomainKey, loadChatKit } from './chatkit-loader';
import type { ChatDependencies } from './use-chat';
import './chat.css';

// The panel's strings load with this chunk, before it first renders.
addChatStrings();

// ChatKit's React wrapper is needed only when its script loaded.
const ChatKitPanel = lazy(() => import('./ChatKitPanel'));

interface Props extends ChatDependencies {
  onClose: () => void;
}

/** `loading`: waiting for ChatKit's script; `chatkit` once it loaded; `built-in` otherwise. */
type Mode = 'loading' | 'chatkit' | 'built-in';

/**
 * Shows the assistant in a side sheet, full screen on phones. It uses ChatKit when the build
 * has a ChatKit domain key and ChatKit's script loads while online. Otherwise, and as soon as
 * the device goes offline, it uses Fehrist's built-in panel.
 */
export default function ChatSheet({ onClose, ...dependencies }: Props) {
  const { t } = useTranslation();
  const titleId = useId();
  const online = useOnline();
  const [mode, setMode] = useState<Mode>(() =>
    chatKitDomainKey() && navigator.onLine ? 'loading' : 'built-in',
  );
  const switchToBuiltIn = useCallback(() => setMode('built-in'), []);

  useEffect(() => {
    if (mode !== 'loading') return;
    let cancelled = false;
    loadChatKit().then(
      () => !cancelled && setMode('chatkit'),
      (error: unknown) => {
        console.warn('[chat] ChatKit is unavailable; using the built-in panel', error);
        if (!cancelled) setMode('built-in');
      },
    );
    return () => {
      cancelled = true;
    };
  }, [mode]);

  // ChatKit needs the server, so going offline switches to the panel that works without it.
  useEffect(() => {
    if (!online) setMode('built-in');
  }, [online]);

  return (
    <section
      className="chat-sheet"
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      data-chat-mode={mode}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <header className="chat-sheet-header">
        <h2 id={titleId}>{t('chat.title')}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('chat.close')}
          onClick={onClose}
        >
          <Icon>
            <path d="M6 6l12 12M18 6 6 18" />
          </Icon>
        </button>
      </header>
      {mode === 'loading' && (
        <p className="chat-loading" role="status">
          {t('chat.loading')}
        </p>
      )}
      {mode === 'chatkit' && (
        <Suspense
          fallback={
            <p className="chat-loading" role="status">
              {t('chat.loading')}
            </p>
          }
        >
          <ChatKitPanel
            userID={dependencies.userID}
            userZone={dependencies.userZone}
            onUnavailable={switchToBuiltIn}
          />
        </Suspense>
      )}
      {mode === 'built-in' && <BuiltInChat {...dependencies} />}
    </section>
  );
}
