import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthError, signIn, signUp, type User } from '../app/session';
import { LanguageSelect } from './LanguageSelect';

interface Props {
  onSignedIn: (user: User) => void;
  offline: boolean;
  /** Set when the session ended: the form signs the same person in again. */
  reauthEmail?: string;
  onCancel?: () => void;
}

/** Maps a failed sign-in or sign-up to a translation key. */
function errorKey(error: unknown): { key: string; status?: number } {
  if (error instanceof TypeError) return { key: 'auth.errors.offline' };
  if (!(error instanceof AuthError)) return { key: 'auth.errors.generic', status: 0 };
  const code = error.code ?? '';
  if (error.status === 429) return { key: 'auth.errors.rateLimited' };
  if (code === 'INVALID_EMAIL_OR_PASSWORD' || code === 'INVALID_PASSWORD') {
    return { key: 'auth.errors.invalidCredentials' };
  }
  if (code.startsWith('USER_ALREADY_EXISTS')) return { key: 'auth.errors.userExists' };
  if (code === 'PASSWORD_TOO_SHORT') return { key: 'auth.errors.passwordTooShort' };
  if (code === 'PASSWORD_TOO_LONG') return { key: 'auth.errors.passwordTooLong' };
  if (code === 'INVALID_EMAIL') return { key: 'auth.errors.invalidEmail' };
  if (error.status === 401) return { key: 'auth.errors.invalidCredentials' };
  return { key: 'auth.errors.generic', status: error.status };
}

export function AuthScreen({ onSignedIn, offline, reauthEmail, onCancel }: Props) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'sign-in' | 'sign-up'>('sign-in');
  const [name, setName] = useState('');
  const [email, setEmail] = useState(reauthEmail ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(offline ? t('auth.errors.offline') : null);
  const [busy, setBusy] = useState(false);
  const ids = { name: useId(), email: useId(), password: useId(), hint: useId(), error: useId() };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (mode === 'sign-up' && !name.trim()) {
      setError(t('auth.errors.nameMissing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const user =
        mode === 'sign-in'
          ? await signIn(email.trim(), password)
          : await signUp(name.trim(), email.trim(), password);
      onSignedIn(user);
    } catch (failure) {
      const { key, status } = errorKey(failure);
      setError(t(key, { status }));
    } finally {
      setBusy(false);
    }
  }

  let submitLabel = mode === 'sign-in' ? t('auth.signIn') : t('auth.signUp');
  if (busy) submitLabel = t('auth.working');

  const heading = reauthEmail
    ? t('auth.reauthTitle')
    : mode === 'sign-in'
      ? t('auth.signInTitle')
      : t('auth.signUpTitle');

  return (
    <div className={reauthEmail ? 'auth auth--overlay' : 'auth'}>
      <main className="auth-card">
        <div className="auth-brand">
          <img src="/icons/icon.svg" alt="" width={40} height={40} />
          <div>
            <p className="auth-name">{t('app.name')}</p>
            <p className="auth-tagline">{t('app.tagline')}</p>
          </div>
        </div>
        <h1 className="auth-title">{heading}</h1>
        <form onSubmit={submit} noValidate aria-describedby={error ? ids.error : undefined}>
          {mode === 'sign-up' && (
            <div className="field">
              <label htmlFor={ids.name}>{t('auth.name')}</label>
              <input
                id={ids.name}
                name="name"
                autoComplete="name"
                value={name}
                onChange={(event) => setName(event.target.value)}
                required
              />
            </div>
          )}
          <div className="field">
            <label htmlFor={ids.email}>{t('auth.email')}</label>
            <input
              id={ids.email}
              name="email"
              type="email"
              autoComplete="email"
              dir="ltr"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              required
            />
          </div>
          <div className="field">
            <label htmlFor={ids.password}>{t('auth.password')}</label>
            <input
              id={ids.password}
              name="password"
              type="password"
              autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
              dir="ltr"
              minLength={8}
              aria-describedby={mode === 'sign-up' ? ids.hint : undefined}
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              required
            />
            {mode === 'sign-up' && (
              <p className="hint" id={ids.hint}>
                {t('auth.passwordHint')}
              </p>
            )}
          </div>
          {error && (
            <p className="form-error" role="alert" id={ids.error}>
              {error}
            </p>
          )}
          <button type="submit" className="button button--primary button--wide" disabled={busy}>
            {submitLabel}
          </button>
        </form>
        {!reauthEmail && (
          <p className="auth-switch">
            {mode === 'sign-in' ? t('auth.noAccount') : t('auth.haveAccount')}{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setMode(mode === 'sign-in' ? 'sign-up' : 'sign-in');
                setError(null);
              }}
            >
              {mode === 'sign-in' ? t('auth.switchToSignUp') : t('auth.switchToSignIn')}
            </button>
          </p>
        )}
        <div className="auth-footer">
          <LanguageSelect />
          {onCancel && (
            <button type="button" className="button" onClick={onCancel}>
              {t('editor.cancel')}
            </button>
          )}
        </div>
      </main>
    </div>
  );
}
