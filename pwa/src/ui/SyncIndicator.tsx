import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { useOnline, useSyncStatus } from '../app/hooks';
import type { FehristDatabase } from '../store/db';
import type { SyncClient } from '../sync/client';
import type { SyncStatus } from '../sync/status';

interface Props {
  db: FehristDatabase;
  client: SyncClient;
  sessionExpired: boolean;
  onRequestSignIn: () => void;
}

type Tone = 'synced' | 'pending' | 'syncing' | 'offline' | 'error' | 'auth';

interface Indicator {
  tone: Tone;
  text: string;
  detail: string | null;
  action: { label: string; run: () => void } | null;
}

/** Shows whether the user's edits are on the server, waiting, offline or failing, and why. */
export function SyncIndicator({ db, client, sessionExpired, onRequestSignIn }: Props) {
  const { t, i18n } = useTranslation();
  const status = useSyncStatus(client);
  const online = useOnline();
  const pending = useLiveQuery(() => db.mutations.count(), [db], 0);
  const formatTime = (at: number) =>
    new Intl.DateTimeFormat(i18n.language, {
      hour: 'numeric',
      minute: '2-digit',
      second: '2-digit',
    }).format(at);

  const indicator = describe(status, { pending, online, sessionExpired });
  const retry = { label: t('sync.retryNow'), run: () => client.resume() };
  const view: Indicator = (() => {
    switch (indicator) {
      case 'auth':
        return {
          tone: 'auth',
          text: t('sync.sessionEnded'),
          detail: null,
          action: { label: t('sync.signIn'), run: onRequestSignIn },
        };
      case 'offline':
        return {
          tone: 'offline',
          text: pending > 0 ? t('sync.offlineWaiting', { count: pending }) : t('sync.offline'),
          detail: null,
          action: online ? retry : null,
        };
      case 'error': {
        const error = status.error;
        const reason =
          error?.kind === 'server'
            ? t('sync.serverError', { status: error.status })
            : t(error?.status ? 'sync.clientError' : 'sync.unknownError', {
                detail: error?.detail ?? '',
              });
        const next = error?.retryAt
          ? ` ${t('sync.retryAt', { time: formatTime(error.retryAt) })}`
          : '';
        return {
          tone: 'error',
          text: pending > 0 ? t('sync.failed', { count: pending }) : t('sync.failedNothingWaiting'),
          detail: reason + next,
          action: retry,
        };
      }
      case 'syncing':
        return { tone: 'syncing', text: t('sync.syncing'), detail: null, action: null };
      case 'pending':
        return {
          tone: 'pending',
          text: t('sync.waiting', { count: pending }),
          detail: null,
          action: null,
        };
      case 'synced':
        return {
          tone: 'synced',
          text: t('sync.synced'),
          detail: status.lastSyncedAt
            ? t('sync.syncedAt', { time: formatTime(status.lastSyncedAt) })
            : null,
          action: null,
        };
    }
  })();

  return (
    <div
      className={`sync sync--${view.tone}`}
      role="status"
      aria-live="polite"
      data-sync-state={view.tone}
    >
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-text" title={view.detail ?? undefined}>
        {view.text}
        {view.detail && view.tone === 'error' && <span className="sync-detail">{view.detail}</span>}
      </span>
      {view.action && (
        <button type="button" className="button button--small" onClick={view.action.run}>
          {view.action.label}
        </button>
      )}
    </div>
  );
}

function describe(
  status: SyncStatus,
  context: { pending: number; online: boolean; sessionExpired: boolean },
): Tone {
  if (context.sessionExpired || status.error?.kind === 'auth') return 'auth';
  if (!context.online || status.error?.kind === 'offline') return 'offline';
  if (status.error) return 'error';
  if (status.running && context.pending > 0) return 'syncing';
  if (context.pending > 0) return 'pending';
  return 'synced';
}
