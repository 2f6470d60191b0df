import { MutationError, type Task } from '@fehrist/domain';
import { type KeyboardEvent, memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskActions } from '../app/actions';
import { currentLanguage, directionOf } from '../i18n';
import { summarizeRecurrence } from '../notifications/rule-summary';
import { DueLabel } from './DueLabel';
import { textDirection } from './direction';
import { BellIcon, DetailsIcon, NoteIcon, RepeatIcon, TrashIcon } from './icons';
import { issueMessage } from './messages';

interface Props {
  task: Task;
  now: Date;
  userZone: string;
  actions: TaskActions;
  onOpen: (id: string) => void;
  onDelete: (task: Task) => void;
  onTagClick: (tag: string) => void;
}

/** One task: complete toggle, title (click to rename in place), chips, details and delete. */
export const TaskRow = memo(function TaskRow({
  task,
  now,
  userZone,
  actions,
  onOpen,
  onDelete,
  onTagClick,
}: Props) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState(false);
  const repeats = useMemo(
    () => (task.recurrence ? summarizeRecurrence(task.recurrence, t, i18n.language) : null),
    [task.recurrence, t, i18n.language],
  );
  const [error, setError] = useState<string | null>(null);
  // Accessible names are not laid out, so they carry the title without bidi isolates.
  const title = task.title;
  const direction = textDirection(task.title, directionOf(currentLanguage()));

  async function saveTitle(value: string) {
    setEditing(false);
    if (value.trim() === task.title) return;
    try {
      await actions.update(task.id, { title: value });
      setError(null);
    } catch (failure) {
      if (!(failure instanceof MutationError)) throw failure;
      setError(issueMessage(t, failure));
    }
  }

  function onTitleKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      void saveTitle(event.currentTarget.value);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setEditing(false);
    }
  }

  return (
    <article className={task.completed ? 'task task--done' : 'task'} data-task-id={task.id}>
      <input
        type="checkbox"
        className={`task-check task-check--${task.priority}`}
        checked={task.completed}
        aria-label={t('task.complete', { title })}
        onChange={(event) => void actions.complete(task, event.target.checked)}
      />
      <div className="task-body">
        {editing ? (
          <input
            className="task-title-input"
            dir={direction}
            defaultValue={task.title}
            aria-label={t('task.titleInput', { title })}
            // biome-ignore lint/a11y/noAutofocus: the user asked to rename this task
            autoFocus
            maxLength={400}
            onKeyDown={onTitleKey}
            onBlur={(event) => void saveTitle(event.currentTarget.value)}
          />
        ) : (
          <button
            type="button"
            className="task-title"
            dir={direction}
            aria-label={t('task.editTitle', { title })}
            onClick={() => setEditing(true)}
          >
            {task.title}
          </button>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="chips">
          <DueLabel task={task} now={now} userZone={userZone} />
          {repeats && (
            <span className="chip chip--repeat" title={t('task.repeats', { rule: repeats })}>
              <RepeatIcon />
              <span className="visually-hidden">{t('task.repeatsPrefix')} </span>
              {repeats}
            </span>
          )}
          {task.priority !== 'none' && (
            <span className={`chip chip--priority chip--${task.priority}`}>
              {t(`priority.${task.priority}`)}
            </span>
          )}
          {task.tags.map((tag) => (
            <button
              key={tag}
              type="button"
              className="chip chip--tag"
              aria-label={t('task.tagFilter', { tag })}
              onClick={() => onTagClick(tag)}
            >
              #<bdi>{tag}</bdi>
            </button>
          ))}
          {task.reminders.length > 0 && !task.completed && (
            <span
              className="chip chip--reminder"
              title={t('task.hasReminders', { count: task.reminders.length })}
            >
              <BellIcon />
              <span className="visually-hidden">
                {t('task.hasReminders', { count: task.reminders.length })}
              </span>
            </span>
          )}
          {task.description && (
            <span className="chip chip--note" title={t('task.hasDescription')}>
              <NoteIcon />
              <span className="visually-hidden">{t('task.hasDescription')}</span>
            </span>
          )}
        </div>
      </div>
      <div className="task-actions">
        <button
          type="button"
          className="icon-button"
          aria-label={t('task.details', { title })}
          title={t('task.details', { title })}
          onClick={() => onOpen(task.id)}
        >
          <DetailsIcon />
        </button>
        <button
          type="button"
          className="icon-button icon-button--danger"
          aria-label={t('task.delete', { title })}
          title={t('task.delete', { title })}
          onClick={() => onDelete(task)}
        >
          <TrashIcon />
        </button>
      </div>
    </article>
  );
});
