import { isCalendarDate, isoWeekday, parseDate } from '@fehrist/domain';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  REPEAT_PRESETS,
  type RepeatChoice,
  type RepeatPreset,
  recurrenceFromChoice,
} from './repeat-choice';
import { summarizeRecurrence } from './rule-summary';

interface Props {
  choice: RepeatChoice;
  /** The due date in the form, `YYYY-MM-DD` or empty. */
  dueDate: string;
  /** Today in the user's zone, used while the form has no due date. */
  today: string;
  error: string | null;
  onChange: (choice: RepeatChoice) => void;
}

/** Monday first, as ISO weekdays; 2024-01-01 was a Monday. */
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

/**
 * The repeat picker: presets (every day, every weekday, every week on chosen days, monthly on
 * the due date's day or the last day, yearly), a custom RRULE, and "count from completion".
 * Below it, the rule in words, as the list shows it.
 */
export function RecurrencePicker({ choice, dueDate, today, error, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const date = isCalendarDate(dueDate) ? dueDate : today;
  const { month, day } = parseDate(date);
  const locale = i18n.language;

  const weekdayNames = useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' });
    return WEEKDAYS.map((weekday) => format.format(new Date(Date.UTC(2024, 0, weekday, 12))));
  }, [locale]);
  const yearlyDate = new Intl.DateTimeFormat(locale, {
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(2024, month - 1, day, 12)));

  const labels: Record<RepeatPreset, string> = {
    none: t('repeatPicker.none'),
    daily: t('repeatPicker.daily'),
    weekdays: t('repeatPicker.weekdays'),
    weekly: t('repeatPicker.weekly'),
    monthlyDay: t('repeatPicker.monthlyDay', { day }),
    monthlyLast: t('repeatPicker.monthlyLast'),
    yearly: t('repeatPicker.yearly', { date: yearlyDate }),
    custom: t('repeatPicker.custom'),
  };

  const result = recurrenceFromChoice(choice, date);
  const summary =
    result.ok && result.recurrence
      ? summarizeRecurrence({ ...result.recurrence, anchor_date: date }, t, locale)
      : null;

  const toggleWeekday = (weekday: number, on: boolean) => {
    const weekdays = on
      ? [...choice.weekdays, weekday]
      : choice.weekdays.filter((item) => item !== weekday);
    onChange({ ...choice, weekdays: [...new Set(weekdays)].sort() });
  };

  return (
    <div className="repeat-picker">
      <div className="field">
        <label htmlFor={`${id}-preset`}>{t('repeatPicker.label')}</label>
        <select
          id={`${id}-preset`}
          value={choice.preset}
          aria-describedby={summary ? `${id}-summary` : undefined}
          onChange={(event) => {
            const preset = event.target.value as RepeatPreset;
            // "Every week on…" starts from the due date's weekday each time it is chosen.
            const weekdays =
              preset === 'weekly' && choice.preset !== 'weekly'
                ? [isoWeekday(date)]
                : choice.weekdays;
            onChange({ ...choice, preset, weekdays });
          }}
        >
          {REPEAT_PRESETS.map((preset) => (
            <option key={preset} value={preset}>
              {labels[preset]}
            </option>
          ))}
        </select>
        {error && choice.preset !== 'custom' && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </div>

      {choice.preset === 'weekly' && (
        <fieldset className="weekday-picker">
          <legend>{t('repeatPicker.weekdaysLegend')}</legend>
          {WEEKDAYS.map((weekday, index) => (
            <label key={weekday} className="weekday-toggle">
              <input
                type="checkbox"
                checked={choice.weekdays.includes(weekday)}
                onChange={(event) => toggleWeekday(weekday, event.target.checked)}
              />
              <span>{weekdayNames[index]}</span>
            </label>
          ))}
        </fieldset>
      )}

      {choice.preset === 'custom' && (
        <div className="field">
          <label htmlFor={`${id}-custom`}>{t('repeatPicker.customLabel')}</label>
          <input
            id={`${id}-custom`}
            dir="ltr"
            className="rrule-input"
            value={choice.custom}
            spellCheck={false}
            autoCapitalize="characters"
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-custom-hint${error ? ` ${id}-custom-error` : ''}`}
            onChange={(event) => onChange({ ...choice, custom: event.target.value })}
          />
          <p className="hint" id={`${id}-custom-hint`}>
            {t('repeatPicker.customHint')}
          </p>
          {error && (
            <p className="form-error" id={`${id}-custom-error`} role="alert">
              {error}
            </p>
          )}
        </div>
      )}

      {choice.preset !== 'none' && (
        <>
          <label className="check-field">
            <input
              type="checkbox"
              checked={choice.fromCompletion}
              aria-describedby={`${id}-completion-hint`}
              onChange={(event) => onChange({ ...choice, fromCompletion: event.target.checked })}
            />
            {t('repeatPicker.fromCompletion')}
          </label>
          <p className="hint" id={`${id}-completion-hint`}>
            {t('repeatPicker.fromCompletionHint')}
          </p>
        </>
      )}

      {summary && (
        <p className="repeat-summary" id={`${id}-summary`} aria-live="polite">
          {summary}
        </p>
      )}
    </div>
  );
}
