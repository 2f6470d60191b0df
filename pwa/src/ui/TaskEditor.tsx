import { MutationError, PRIORITIES, type Task } from '@fehrist/domain';
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskActions } from '../app/actions';
import { type EditorFields, fieldsFromTask, patchFromFields, quickDates } from './editor-fields';
import { issueField } from './messages';

interface Props {
  task: Task;
  userZone: string;
  actions: TaskActions;
  onClose: () => void;
  onDelete: (task: Task) => void;
}

/** Edits one task in a modal <dialog>: title, description, priority, tags, due date and time. */
export function TaskEditor({ task, userZone, actions, onClose, onDelete }: Props) {
  const { t, i18n } = useTranslation();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const initial = useMemo(() => fieldsFromTask(task, userZone), [task, userZone]);
  const [fields, setFields] = useState<EditorFields>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const id = useId();
  const fieldId = (name: string) => `${id}-${name}`;
  const dates = quickDates(new Date(), userZone);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal?.();
  }, []);

  const change = <K extends keyof EditorFields>(key: K, value: EditorFields[K]) =>
    setFields((current) => ({ ...current, [key]: value }));

  async function save(event: FormEvent) {
    event.preventDefault();
    const patch = patchFromFields(task, initial, fields, userZone);
    try {
      if (Object.keys(patch).length > 0) await actions.update(task.id, patch);
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
              onClick={() => setFields((current) => ({ ...current, dueDate: '', dueTime: '' }))}
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
                aria-describedby={describedBy('due_time')}
                onChange={(event) => change('dueTime', event.target.value)}
              />
              {error('due_time')}
            </div>
          </div>
          <p className="hint">{t('editor.zoneNote', { zone: userZone })}</p>
        </fieldset>

        <label className="check-field">
          <input
            type="checkbox"
            checked={fields.completed}
            onChange={(event) => change('completed', event.target.checked)}
          />
          {t('editor.completed')}
        </label>
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
    </dialog>
  );
}
