import { useLiveQuery } from 'dexie-react-hooks';
import { useTranslation } from 'react-i18next';
import { isolate } from '../i18n';
import type { FehristDatabase, Rejection } from '../store/db';
import { issueMessage } from './messages';

/** Lists the changes the server refused, with the reason, until the user dismisses them. */
export function RejectionBanner({ db }: { db: FehristDatabase }) {
  const { t } = useTranslation();
  const rejections = useLiveQuery(() => db.rejections.orderBy('rejectedAt').toArray(), [db], []);
  if (rejections.length === 0) return null;

  const reason = (rejection: Rejection) => {
    const title = isolate(rejection.taskTitle ?? t('rejection.untitled'));
    if (rejection.code === 'invalid') {
      return t('rejection.invalid', { title, message: issueMessage(t, rejection) });
    }
    return t(`rejection.${rejection.code}`, { title });
  };

  return (
    <section className="banner banner--warning" role="alert">
      <h2 className="banner-title">{t('rejection.heading', { count: rejections.length })}</h2>
      <ul className="banner-list">
        {rejections.map((rejection) => (
          <li key={`${rejection.clientID}:${rejection.id}`}>{reason(rejection)}</li>
        ))}
      </ul>
      <button
        type="button"
        className="button button--small"
        onClick={() => void db.rejections.clear()}
      >
        {t('rejection.dismiss')}
      </button>
    </section>
  );
}
