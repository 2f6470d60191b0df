import type { TaskEventType } from '@fehrist/domain';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addHistoryStrings } from '../i18n/history-strings';
import type { FehristDatabase, HistoryEntry } from '../store/db';
import { historyClientFor } from './api';
import { EntryDetails } from './EntryDetails';
import {
  compareEntries,
  dayHeading,
  type FormatContext,
  formatInstantTime,
  groupByDay,
} from './format';
import { startOfToday, startOfWeek } from './ranges';
import { type ActivityFilter, storedActivity } from './store';
import { useHistoryFeed } from './use-history-feed';
import './history.css';

// The activity view's strings load with this chunk, before the view first renders.
addHistoryStrings();

export type ActivityRange = 'completedToday' | 'thisWeek';

const COMPLETED: readonly TaskEventType[] = ['completed'];

/** Builds the route's filter for a range in the user's zone. Weeks start on Monday. */
export function activityFilter(range: ActivityRange, now: Date, zone: string): ActivityFilter {
  return range === 'completedToday'
    ? { types: COMPLETED, from: startOfToday(now, zone) }
    : { from: startOfWeek(now, zone) };
}

interface Props {
  db: FehristDatabase;
  userID: string;
  userZone: string;
  onOpenTask: (id: string) => void;
  onClose: () => void;
}

/**
 * Shows what changed today or this week across the user's tasks, newest first and grouped by
 * day, in a modal dialog. A task that still exists opens in the editor from its title.
 */
export default function ActivityView({ db, userID, userZone, onOpenTask, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [range, setRange] = useState<ActivityRange>('completedToday');
  // The range's start is fixed when it is chosen, so a render after midnight keeps the list.
  const filter = useMemo(() => activityFilter(range, new Date(), userZone), [range, userZone]);
  const client = historyClientFor(db, userID);
  const feed = useHistoryFeed(`${range}:${filter.from.toISOString()}`, null, {
    fetchPage: (cursor) => client.activity(filter, cursor),
    readStored: () => storedActivity(db, filter),
    compare: (a, b) => compareEntries(b, a),
  });
  const liveTaskIds = useLiveQuery(
    async () => {
      const ids = [...new Set(feed.entries.map((entry) => entry.task_id))];
      const tasks = await db.tasks.bulkGet(ids);
      return new Set(tasks.filter((task) => task && !task.deleted).map((task) => task?.id));
    },
    [db, feed.entries],
    new Set<string | undefined>(),
  );
  const context: FormatContext = { t, locale: i18n.language, zone: userZone, now: new Date() };

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal?.();
  }, []);

  const title = (entry: HistoryEntry) =>
    liveTaskIds.has(entry.task_id) ? (
      <button
        type="button"
        className="link-button activity-title"
        dir="auto"
        aria-label={t('history.activity.open', { title: entry.title })}
        onClick={() => onOpenTask(entry.task_id)}
      >
        {entry.title}
      </button>
    ) : (
      <span className="activity-title" dir="auto">
        {entry.title}
      </span>
    );

  return (
    <dialog
      ref={dialogRef}
      className="editor activity"
      aria-labelledby={headingId}
      onClose={onClose}
    >
      <div className="editor-form">
        <div className="activity-header">
          <h2 id={headingId}>{t('history.activity.heading')}</h2>
          <button type="button" className="button button--small" onClick={onClose}>
            {t('history.activity.close')}
          </button>
        </div>
        <fieldset className="activity-ranges">
          <legend className="visually-hidden">{t('history.activity.filter')}</legend>
          {(['completedToday', 'thisWeek'] as const).map((choice) => (
            <button
              key={choice}
              type="button"
              className="button button--small"
              aria-pressed={range === choice}
              onClick={() => setRange(choice)}
            >
              {t(`history.activity.${choice}`)}
            </button>
          ))}
        </fieldset>
        {(feed.status === 'offline' || feed.status === 'failed') && (
          <p className="hint hint--warning" role="status">
            {t(`history.${feed.status}`)}
          </p>
        )}
        {feed.status === 'loading' ? (
          <p className="hint" role="status">
            {t('history.loading')}
          </p>
        ) : feed.entries.length === 0 ? (
          <p className="hint">{t('history.activity.empty')}</p>
        ) : (
          groupByDay(feed.entries, userZone).map((group) => (
            <section key={group.day} className="activity-day">
              <h3>{dayHeading(group.day, context)}</h3>
              <ol className="history-list">
                {group.entries.map((entry) => (
                  <li key={entry.id} className="history-entry">
                    {title(entry)}
                    <EntryDetails
                      entry={entry}
                      context={context}
                      when={formatInstantTime(entry.occurred_at, context)}
                    />
                  </li>
                ))}
              </ol>
            </section>
          ))
        )}
        {feed.hasMore && (
          <button
            type="button"
            className="button button--small"
            disabled={feed.loadingMore}
            onClick={feed.loadMore}
          >
            {t('history.showMore')}
          </button>
        )}
      </div>
    </dialog>
  );
}
