import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchSession,
  finishPendingSignOut,
  readCachedUser,
  type User,
  writeCachedUser,
} from './session';
import { UserSession } from './UserSession';

// Signed-in users (most starts) never need the sign-in form, so it loads in its own chunk.
const AuthScreen = lazy(() =>
  import('../ui/AuthScreen').then((module) => ({ default: module.AuthScreen })),
);

type SessionState =
  | { kind: 'checking' }
  | { kind: 'signed-out'; offline: boolean }
  /** `expired`: the server no longer accepts the cookie; local data stays until sign-in. */
  | { kind: 'signed-in'; user: User; expired: boolean };

/**
 * Decides who is signed in. With a user cached on this device the app opens at once, even
 * offline, and the session is checked in the background. Without one, it waits for the server.
 */
export function App() {
  const { t } = useTranslation();
  const [session, setSession] = useState<SessionState>(() => {
    const user = readCachedUser();
    return user ? { kind: 'signed-in', user, expired: false } : { kind: 'checking' };
  });
  const [reauthenticating, setReauthenticating] = useState(false);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      try {
        if (await finishPendingSignOut()) writeCachedUser(null);
        const user = await fetchSession();
        if (cancelled) return;
        if (user) writeCachedUser(user);
        setSession((current) => {
          if (user)
            return current.kind === 'signed-in' && current.user.id === user.id
              ? { ...current, expired: false }
              : { kind: 'signed-in', user, expired: false };
          return current.kind === 'signed-in'
            ? { ...current, expired: true }
            : { kind: 'signed-out', offline: false };
        });
      } catch {
        // Offline or the server is down: a cached user keeps working locally.
        if (cancelled) return;
        setSession((current) =>
          current.kind === 'checking' ? { kind: 'signed-out', offline: true } : current,
        );
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  const handleSignedIn = useCallback((user: User) => {
    writeCachedUser(user);
    setReauthenticating(false);
    setSession({ kind: 'signed-in', user, expired: false });
  }, []);

  const handleSignedOut = useCallback(() => {
    writeCachedUser(null);
    setSession({ kind: 'signed-out', offline: !navigator.onLine });
  }, []);

  const splash = (
    <div className="splash" role="status">
      {t('app.loading')}
    </div>
  );
  if (session.kind === 'checking') return splash;
  if (session.kind === 'signed-out') {
    return (
      <Suspense fallback={splash}>
        <AuthScreen onSignedIn={handleSignedIn} offline={session.offline} />
      </Suspense>
    );
  }
  return (
    <>
      <UserSession
        user={session.user}
        sessionExpired={session.expired}
        onRequestSignIn={() => setReauthenticating(true)}
        onSignedOut={handleSignedOut}
      />
      {reauthenticating && (
        <Suspense fallback={null}>
          <AuthScreen
            onSignedIn={handleSignedIn}
            offline={false}
            reauthEmail={session.user.email}
            onCancel={() => setReauthenticating(false)}
          />
        </Suspense>
      )}
    </>
  );
}
