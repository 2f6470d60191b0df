import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { signOutOnServer } from '../app/session';
import { forgetConversation } from '../chat/conversation';
import { deleteUserDatabase, type FehristDatabase } from '../store/db';
import type { SyncClient } from '../sync/client';

interface Props {
  db: FehristDatabase;
  client: SyncClient;
  userID: string;
  beforeSignOut: () => Promise<void>;
  onCancel: () => void;
  onSignedOut: () => void;
}

const SYNC_BEFORE_SIGN_OUT_MS = 8000;
const PUSH_REMOVAL_MS = 5000;

/**
 * Signs out. It first pushes every queued edit, and if some remain (offline, say) the user must
 * confirm losing them. Then it removes this device's push subscription, deletes this user's
 * local database and ends the session.
 */
export function SignOutDialog({ db, client, userID, beforeSignOut, onCancel, onSignedOut }: Props) {
  const { t } = useTranslation();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [unsynced, setUnsynced] = useState<number | null>(null);

  const finish = async () => {
    client.stop();
    // Before the session ends, the server deletes this device's push subscription, so the next
    // user of this browser gets none of this user's reminders.
    const removal = import('../notifications/push-subscription')
      .then(({ removePushSubscription }) => removePushSubscription(userID))
      .catch((error: unknown) => console.warn('[push] removing the subscription failed', error));
    await Promise.race([removal, new Promise((resolve) => setTimeout(resolve, PUSH_REMOVAL_MS))]);
    db.close();
    await deleteUserDatabase(userID);
    forgetConversation(userID);
    await signOutOnServer().catch((error: unknown) =>
      console.warn('[auth] sign-out failed', error),
    );
    onSignedOut();
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once when the dialog opens
  useEffect(() => {
    dialogRef.current?.showModal?.();
    let cancelled = false;
    (async () => {
      await beforeSignOut();
      const timeout = new Promise((resolve) => setTimeout(resolve, SYNC_BEFORE_SIGN_OUT_MS));
      await Promise.race([client.sync(), timeout]);
      const remaining = await db.mutations.count();
      if (cancelled) return;
      if (remaining === 0) await finish();
      else setUnsynced(remaining);
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <dialog
      ref={dialogRef}
      className="editor editor--small"
      onClose={onCancel}
      aria-labelledby="sign-out-title"
    >
      {unsynced === null ? (
        <p id="sign-out-title" role="status">
          {t('account.signingOut')}
        </p>
      ) : (
        <div className="editor-form">
          <h2 id="sign-out-title">{t('signOut.confirmTitle')}</h2>
          <p>{t('signOut.confirmBody', { count: unsynced })}</p>
          <div className="editor-actions">
            <span className="spacer" />
            <button type="button" className="button" onClick={onCancel}>
              {t('signOut.cancel')}
            </button>
            <button type="button" className="button button--danger" onClick={() => void finish()}>
              {t('signOut.confirm')}
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}
