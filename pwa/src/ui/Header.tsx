import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../app/session';
import { isolate } from '../i18n';
import { NotificationSettings } from '../notifications/NotificationSettings';
import type { FehristDatabase } from '../store/db';
import type { SyncClient } from '../sync/client';
import { ChatIcon, HistoryIcon } from './icons';
import { LanguageSelect } from './LanguageSelect';
import { SyncIndicator } from './SyncIndicator';

interface Props {
  db: FehristDatabase;
  client: SyncClient;
  user: User;
  sessionExpired: boolean;
  onRequestSignIn: () => void;
  onSignOut: () => void;
  chatOpen: boolean;
  onToggleChat: () => void;
  chatButtonRef: Ref<HTMLButtonElement>;
  onOpenActivity: () => void;
  activityButtonRef: Ref<HTMLButtonElement>;
}

export function Header({
  db,
  client,
  user,
  sessionExpired,
  onRequestSignIn,
  onSignOut,
  chatOpen,
  onToggleChat,
  chatButtonRef,
  onOpenActivity,
  activityButtonRef,
}: Props) {
  const { t } = useTranslation();
  const initial = (user.name || user.email).trim().charAt(0).toUpperCase();
  return (
    <header className="topbar">
      <div className="brand">
        <img src="/icons/icon.svg" alt="" width={28} height={28} />
        <span className="brand-name">{t('app.name')}</span>
      </div>
      <SyncIndicator
        db={db}
        client={client}
        sessionExpired={sessionExpired}
        onRequestSignIn={onRequestSignIn}
      />
      <button
        ref={activityButtonRef}
        type="button"
        className="chat-button"
        onClick={onOpenActivity}
      >
        <HistoryIcon />
        <span className="chat-button-label">{t('app.activity')}</span>
      </button>
      <button
        ref={chatButtonRef}
        type="button"
        className="chat-button"
        aria-expanded={chatOpen}
        onClick={onToggleChat}
      >
        <ChatIcon />
        <span className="chat-button-label">{t('app.assistant')}</span>
      </button>
      <details className="account">
        <summary className="account-button" aria-label={t('account.menu')}>
          <span aria-hidden="true">{initial}</span>
        </summary>
        <div className="account-menu">
          <p className="account-who">
            <bdi>{user.name}</bdi>
            <br />
            <span className="muted">{t('account.signedInAs', { email: isolate(user.email) })}</span>
          </p>
          <LanguageSelect />
          <NotificationSettings userID={user.id} />
          <button type="button" className="button button--danger-quiet" onClick={onSignOut}>
            {t('account.signOut')}
          </button>
        </div>
      </details>
    </header>
  );
}
