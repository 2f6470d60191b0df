import { useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { acceptUpdate, isUpdateWaiting, subscribeToUpdates } from '../app/updates';

/** Offers a waiting new version; accepting reloads into it, keeping the queued edits. */
export function UpdatePrompt({ beforeReload }: { beforeReload: () => Promise<void> }) {
  const { t } = useTranslation();
  const waiting = useSyncExternalStore(subscribeToUpdates, isUpdateWaiting);
  const [dismissed, setDismissed] = useState(false);
  if (!waiting || dismissed) return null;
  return (
    <div className="toast toast--update" role="alert">
      <span>{t('update.available')}</span>
      <button
        type="button"
        className="button button--small button--inverse"
        onClick={() => void acceptUpdate(beforeReload)}
      >
        {t('update.reload')}
      </button>
      <button
        type="button"
        className="button button--small button--ghost-inverse"
        onClick={() => setDismissed(true)}
      >
        {t('update.later')}
      </button>
    </div>
  );
}
