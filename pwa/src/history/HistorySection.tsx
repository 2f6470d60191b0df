import { canonicalTimeZone, type Task } from '@fehrist/domain';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { addHistoryStrings } from '../i18n/history-strings';
import type { FehristDatabase } from '../store/db';
import { historyClientFor } from './api';
import { EntryDetails } from './EntryDetails';
import { compareEntries, type FormatContext, formatEntryTime } from './format';
import { storedTaskHistory } from './store';
import { useHistoryFeed } from './use-history-feed';
import './history.css';

// The history's strings load with this chunk, before the section first renders.
addHistoryStrings();

interface Props {
  db: FehristDatabase;
  userID: string;
  task: Task;
  /** The fallback zone when this browser does not recognize the task's own zone. */
  userZone: string;
}

/**
 * Lists a task's changes oldest first, from the audit service. It loads the latest 50 and
 * offers the earlier ones 50 at a time. Offline it shows the entries fetched earlier, with a
 * line saying so.
 */
export function HistorySection({ db, userID, task, userZone }: Props) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const client = historyClientFor(db, userID);
  const feed = useHistoryFeed(task.id, task.version, {
    fetchPage: (cursor) => client.taskHistory(task.id, cursor),
    readStored: () => storedTaskHistory(db, task.id),
    compare: compareEntries,
  });
  const context: FormatContext = {
    t,
    locale: i18n.language,
    zone: canonicalTimeZone(task.time_zone) ?? userZone,
    now: new Date(),
  };

  return (
    <section className="history" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('history.heading')}</h3>
      {(feed.status === 'offline' || feed.status === 'failed') && (
        <p className="hint hint--warning" role="status">
          {t(`history.${feed.status}`)}
        </p>
      )}
      {feed.hasMore && (
        <button
          type="button"
          className="button button--small"
          disabled={feed.loadingMore}
          onClick={feed.loadMore}
        >
          {t('history.showEarlier')}
        </button>
      )}
      {feed.status === 'loading' ? (
        <p className="hint" role="status">
          {t('history.loading')}
        </p>
      ) : feed.entries.length === 0 ? (
        <p className="hint">{t('history.empty')}</p>
      ) : (
        <ol className="history-list">
          {feed.entries.map((entry) => (
            <li key={entry.id} className="history-entry">
              <EntryDetails
                entry={entry}
                context={context}
                when={formatEntryTime(entry.occurred_at, context)}
              />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
