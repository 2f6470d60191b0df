import { MutationError } from '@fehrist/domain';
import { type FormEvent, forwardRef, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NewTask } from '../app/actions';
import { isolate } from '../i18n';
import { PlusIcon } from './icons';
import { issueMessage } from './messages';
import { parseQuickAdd } from './quick-add';

interface Props {
  onAdd: (task: NewTask) => Promise<string>;
}

/** The always-visible "Add a task" box: Enter saves and keeps the focus for the next task. */
export const QuickAdd = forwardRef<HTMLInputElement, Props>(function QuickAdd({ onAdd }, ref) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ids = { input: useId(), hint: useId(), error: useId() };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) return;
    try {
      await onAdd(parseQuickAdd(text));
      setText('');
      setError(null);
    } catch (failure) {
      if (!(failure instanceof MutationError)) throw failure;
      setError(issueMessage(t, failure));
    }
  }

  return (
    <form className="quick-add" onSubmit={submit}>
      <label htmlFor={ids.input} className="quick-add-label">
        {t('quickAdd.label')}
      </label>
      <div className="quick-add-row">
        <input
          ref={ref}
          id={ids.input}
          className="quick-add-input"
          autoComplete="off"
          enterKeyHint="done"
          placeholder={t('quickAdd.placeholder')}
          aria-describedby={error ? `${ids.error} ${ids.hint}` : ids.hint}
          aria-invalid={error ? true : undefined}
          maxLength={400}
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="button button--primary" aria-label={t('quickAdd.submit')}>
          <PlusIcon />
          <span className="quick-add-submit-text">{t('quickAdd.submit')}</span>
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert" id={ids.error}>
          {error}
        </p>
      )}
      <p className="hint" id={ids.hint}>
        {t('quickAdd.hint', {
          tag: isolate(`#${t('toolbar.tag')}`),
          high: isolate('p1'),
          medium: isolate('p2'),
          low: isolate('p3'),
        })}
      </p>
    </form>
  );
});
