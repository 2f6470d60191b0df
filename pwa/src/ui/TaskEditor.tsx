import { MutationError, PRIORITIES, type Task } from '@fehrist/domain';
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskActions, TaskPatch } from '../app/actions';
import { HistorySection } from '../history/HistorySection';
import { isolate } from '../i18n';
import { addEditorStrings } from '../i18n/editor-strings';
import { RecurrencePicker } from '../notifications/RecurrencePicker';
import { ReminderPicker } from '../notifications/ReminderPicker';
import { timeZoneLongName } from '../notifications/reminder-options';
import type { RepeatChoice } from '../notifications/repeat-choice';
import type { FehristDatabase } from '../store/db';
import {
  type EditorFields,
  fieldsFromTask,
  patchFromFields,
  quickDates,
  RepeatRuleError,
} from './editor-fields';
import { issueField } from './messages';

// The editor's strings load with this chunk, before the editor first renders.
addEditorStrings();

interface Props {
  db: FehristDatabase;
  task: Task;
  userZone: string;
  userID: string;
  actions: TaskActions;
  onClose: () => void;
  onDelete: (task: Task) => void;
}

/**
 * Edits one task in a modal <dialog>: title, description, priority, tags, due date and time,
 * repeat rule and reminders. The task's history follows the form.
 */
export function TaskEditor({ db, task, userZone, userID, actions, onClose, onDelete }: Props) {
  const { t, i18n } = useTranslation();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const initial = useMemo(() => fieldsFromTask(task, userZone), [task, userZone]);
  const [fields, setFields] = useState<EditorFields>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [dateFilled, setDateFilled] = useState(false);
  const id = useId();
  const fieldId = (name: string) => `${id}-${name}`;
  const dates = quickDates(new Date(), userZone);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal?.();
  }, []);

  const change = <K extends keyof EditorFields>(key: K, value: EditorFields[K]) =>
    setFields((current) => ({ ...current, [key]: value }));

  // A repeat needs a due date to count from, so choosing one on an undated task fills in today.
  const changeRepeat = (repeat: RepeatChoice) => {
    setFields((current) => {
      if (repeat.preset === 'none' || current.dueDate) return { ...current, repeat };
      setDateFilled(true);
      return { ...current, repeat, dueDate: dates.today };
    });
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    let patch: TaskPatch;
    try {
      patch = patchFromFields(task, initial, fields, userZone);
    } catch (failure) {
      if (!(failure instanceof RepeatRuleError)) throw failure;
      setErrors({ recurrence: t('repeatPicker.invalid', { message: failure.message }) });
      return;
    }
    try {
      if (Object.keys(patch).length > 0) await actions.update(task.id, patch);
      if (fields.completed !== task.completed) {
        // The occurrence is the due date as saved just now, so a moved date completes that one.
        await actions.complete(
          {
            id: task.id,
            due_date: patch.due_date !== undefined ? patch.due_date : task.due_date,
            recurrence: patch.recurrence !== undefined ? patch.recurrence : task.recurrence,
          },
          fields.completed,
        );
      }
      onClose();
    } catch (failure) {
      if (!(failure instanceof MutationError)) throw failure;
      const next: Record<string, string> = {};
      for (const issue of failure.issues)
        next[issueField(issue.field)] = t(`errors.${issueField(issue.field)}`);
      if (failure.issues.length === 0)
        next.form = t('errors.generic', { message: failure.message });
      setErrors(next);
    }
  }

  const error = (name: string) =>
    errors[name] ? (
      <p className="form-error" id={fieldId(`${name}-error`)} role="alert">
        {errors[name]}
      </p>
    ) : null;
  const describedBy = (name: string, hint?: string) =>
    [errors[name] ? fieldId(`${name}-error`) : null, hint ?? null].filter(Boolean).join(' ') ||
    undefined;

  const created = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(
    new Date(task.created_at),
  );

  return (
    <dialog
      ref={dialogRef}
      className="editor"
      aria-labelledby={fieldId('heading')}
      onClose={onClose}
    >
      <form onSubmit={save} className="editor-form">
        <h2 id={fieldId('heading')}>{t('editor.heading')}</h2>

        <div className="field">
          <label htmlFor={fieldId('title')}>{t('editor.title')}</label>
          <input
            id={fieldId('title')}
            value={fields.title}
            maxLength={400}
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={describedBy('title')}
            onChange={(event) => change('title', event.target.value)}
          />
          {error('title')}
        </div>

        <div className="field">
          <label htmlFor={fieldId('description')}>{t('editor.description')}</label>
          <textarea
            id={fieldId('description')}
            rows={4}
            value={fields.description}
            aria-invalid={errors.description ? true : undefined}
            aria-describedby={describedBy('description')}
            onChange={(event) => change('description', event.target.value)}
          />
          {error('description')}
        </div>

        <div className="editor-grid">
          <div className="field">
            <label htmlFor={fieldId('priority')}>{t('editor.priority')}</label>
            <select
              id={fieldId('priority')}
              value={fields.priority}
              onChange={(event) =>
                change('priority', event.target.value as EditorFields['priority'])
              }
            >
              {[...PRIORITIES].reverse().map((priority) => (
                <option key={priority} value={priority}>
                  {t(`priority.${priority}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={fieldId('tags')}>{t('editor.tags')}</label>
            <input
              id={fieldId('tags')}
              value={fields.tags}
              aria-invalid={errors.tags ? true : undefined}
              aria-describedby={describedBy('tags', fieldId('tags-hint'))}
              onChange={(event) => change('tags', event.target.value)}
            />
            <p className="hint" id={fieldId('tags-hint')}>
              {t('editor.tagsHint')}
            </p>
            {error('tags')}
          </div>
        </div>

        <fieldset className="due-fields">
          <legend>{t('editor.dueDate')}</legend>
          <div className="quick-dates">
            {(['today', 'tomorrow', 'nextWeek'] as const).map((key) => (
              <button
                key={key}
                type="button"
                className="button button--small"
                onClick={() => change('dueDate', dates[key])}
              >
                {t(`editor.${key}`)}
              </button>
            ))}
            <button
              type="button"
              className="button button--small"
              onClick={() =>
                setFields((current) => ({
                  ...current,
                  dueDate: '',
                  dueTime: '',
                  repeat: { ...current.repeat, preset: 'none' },
                }))
              }
            >
              {t('editor.noDate')}
            </button>
          </div>
          <div className="editor-grid">
            <div className="field">
              <label htmlFor={fieldId('due-date')}>{t('editor.dueDate')}</label>
              <input
                id={fieldId('due-date')}
                type="date"
                value={fields.dueDate}
                aria-invalid={errors.due_date ? true : undefined}
                aria-describedby={describedBy('due_date')}
                onChange={(event) => change('dueDate', event.target.value)}
              />
              {error('due_date')}
            </div>
            <div className="field">
              <label htmlFor={fieldId('due-time')}>{t('editor.dueTime')}</label>
              <input
                id={fieldId('due-time')}
                type="time"
                value={fields.dueTime}
                aria-invalid={errors.due_time ? true : undefined}
                aria-describedby={describedBy('due_time', fieldId('zone'))}
                onChange={(event) => change('dueTime', event.target.value)}
              />
              {error('due_time')}
            </div>
          </div>
          <p className="hint zone-name" id={fieldId('zone')}>
            {t('editor.zoneName', {
              zone: isolate(userZone),
              name: timeZoneLongName(userZone, i18n.language),
            })}
          </p>
          {dateFilled && (
            <p className="hint" role="status">
              {t('repeatPicker.dateFilled')}
            </p>
          )}
          <RecurrencePicker
            choice={fields.repeat}
            dueDate={fields.dueDate}
            today={dates.today}
            error={errors.recurrence ?? null}
            onChange={changeRepeat}
          />
        </fieldset>

        <ReminderPicker
          reminders={fields.reminders}
          dueDate={fields.dueDate}
          dueTime={fields.dueTime}
          userZone={userZone}
          userID={userID}
          onChange={(reminders) => change('reminders', reminders)}
        />
        {error('reminders')}

        <label className="check-field">
          <input
            type="checkbox"
            checked={fields.completed}
            onChange={(event) => change('completed', event.target.checked)}
          />
          {t('editor.completed')}
        </label>
        {task.recurrence && <p className="hint">{t('editor.completeRepeats')}</p>}
        {error('form')}

        <p className="hint">{t('editor.created', { date: created })}</p>
        <div className="editor-actions">
          <button
            type="button"
            className="button button--danger-quiet"
            onClick={() => onDelete(task)}
          >
            {t('editor.delete')}
          </button>
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            {t('editor.cancel')}
          </button>
          <button type="submit" className="button button--primary">
            {t('editor.save')}
          </button>
        </div>
      </form>
      <HistorySection db={db} userID={userID} task={task} userZone={userZone} />
    </dialog>
  );
}
