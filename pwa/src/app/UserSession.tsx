import { useEffect, useState } from 'react';
import { type FehristDatabase, openUserDatabase } from '../store/db';
import { SyncClient } from '../sync/client';
import { TaskApp } from '../ui/TaskApp';
import { markStep } from './perf';
import type { User } from './session';

interface Props {
  user: User;
  sessionExpired: boolean;
  onRequestSignIn: () => void;
  onSignedOut: () => void;
}

/** Opens the user's database and sync client for as long as this user is signed in. */
export function UserSession({ user, sessionExpired, onRequestSignIn, onSignedOut }: Props) {
  const [handles, setHandles] = useState<{ db: FehristDatabase; client: SyncClient } | null>(null);

  useEffect(() => {
    let cancelled = false;
    let opened: { db: FehristDatabase; client: SyncClient } | null = null;
    openUserDatabase(user.id).then((db) => {
      markStep('database-open');
      if (cancelled) {
        db.close();
        return;
      }
      const client = new SyncClient({ db, userID: user.id });
      client.start();
      opened = { db, client };
      setHandles(opened);
      // Ask the browser not to evict queued edits under storage pressure.
      void navigator.storage?.persist?.().catch(() => false);
    });
    return () => {
      cancelled = true;
      opened?.client.stop();
      opened?.db.close();
      setHandles(null);
    };
  }, [user.id]);

  // After signing in again, the sync that stopped at the 401 goes on.
  useEffect(() => {
    if (!sessionExpired && handles?.client.status.error?.kind === 'auth') handles.client.resume();
  }, [sessionExpired, handles]);

  if (!handles) return null;
  return (
    <TaskApp
      db={handles.db}
      client={handles.client}
      user={user}
      sessionExpired={sessionExpired}
      onRequestSignIn={onRequestSignIn}
      onSignedOut={onSignedOut}
    />
  );
}
