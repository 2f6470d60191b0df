import { DEFAULT_DATE_ONLY_REMINDER_TIME, type Reminder, TASK_LIMITS } from '@fehrist/domain';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isolate } from '../i18n';
import {
  type DeviceNotificationState,
  deviceNotificationState,
  needsHomeScreenInstall,
  requestNotificationPermission,
  runsStandalone,
} from './permission';
import {
  addReminder,
  describeReminder,
  formatInstant,
  instantFromLocalInput,
  type LeadUnit,
  leadMinutes,
  localInputFromInstant,
  nextReminder,
  REMINDER_PRESETS,
  removeReminder,
  sortReminders,
  timeZoneLongName,
} from './reminder-options';

interface Props {
  reminders: Reminder[];
  /** The due date and time in the form, in the user's zone; empty when unset. */
  dueDate: string;
  dueTime: string;
  userZone: string;
  userID: string;
  onChange: (reminders: Reminder[]) => void;
}

type Choice = `${number}` | 'custom' | 'absolute';

/**
 * The reminder picker: the task's reminders with a remove button each, and "Add a reminder",
 * which offers lead times before the due moment (at the time, 5, 10, 15, 30 minutes, 1 hour,
 * 1 day, or a custom one) or a date and time. The first tap on "Add a reminder" is where the
 * browser is asked for notification permission, never earlier.
 */
export function ReminderPicker({ reminders, dueDate, dueTime, userZone, userID, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const locale = i18n.language;
  const [adding, setAdding] = useState(false);
  const [choice, setChoice] = useState<Choice>('15');
  const [amount, setAmount] = useState('2');
  const [unit, setUnit] = useState<LeadUnit>('hours');
  const [absolute, setAbsolute] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [permission, setPermission] = useState<DeviceNotificationState>(() =>
    deviceNotificationState(),
  );
  const [setupError, setSetupError] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const hasDate = dueDate !== '';

  async function subscribe(): Promise<void> {
    try {
      const { ensurePushSubscription } = await import('./push-subscription');
      await ensurePushSubscription(userID);
      setSetupError(null);
    } catch (failure) {
      console.warn('[push] subscribing failed', failure);
      setSetupError(setupMessage(failure));
    }
  }

  // The browser rejects with AbortError when it has no push service, as in a private window.
  // Any other error carries the server's or the network's message.
  const setupMessage = (failure: unknown) =>
    failure instanceof DOMException && failure.name === 'AbortError'
      ? t('reminders.pushUnavailable')
      : t('reminders.subscribeFailed', {
          message: failure instanceof Error ? failure.message : String(failure),
        });

  function startAdding() {
    setAdding(true);
    setError(null);
    if (!hasDate) setChoice('absolute');
    if (!absolute) {
      const base = hasDate
        ? (instantFromLocalInput(
            `${dueDate}T${dueTime || DEFAULT_DATE_ONLY_REMINDER_TIME}`,
            userZone,
          ) ?? '')
        : new Date(Date.now() + 60 * 60_000).toISOString();
      setAbsolute(base ? localInputFromInstant(base, userZone) : '');
    }
    // Called straight from the tap: browsers want a user gesture for the permission prompt.
    if (permission === 'default') {
      setAsking(true);
      void requestNotificationPermission().then((result) => {
        setAsking(false);
        setPermission(deviceNotificationState());
        if (result === 'granted') void subscribe();
      });
    } else if (permission === 'on') {
      void subscribe();
    }
  }

  async function turnOn() {
    const { turnOnNotifications } = await import('./push-subscription');
    try {
      await turnOnNotifications(userID);
      setSetupError(null);
    } catch (failure) {
      setSetupError(setupMessage(failure));
    }
    setPermission(deviceNotificationState());
  }

  function confirm() {
    let reminder: Reminder | null = null;
    if (choice === 'absolute') {
      const at = instantFromLocalInput(absolute, userZone);
      if (!at) return setError(t('reminders.invalidTime'));
      reminder = { at };
    } else {
      const minutes = choice === 'custom' ? leadMinutes(amount, unit) : Number(choice);
      if (minutes === null) return setError(t('reminders.invalidAmount'));
      if (minutes > TASK_LIMITS.minutesBeforeMax) return setError(t('reminders.tooEarly'));
      reminder = { minutes_before: minutes };
    }
    const next = addReminder(reminders, reminder);
    if (!next) return setError(t('reminders.limit', { count: TASK_LIMITS.remindersMax }));
    onChange(sortReminders(next));
    setAdding(false);
    setError(null);
  }

  const next = nextReminder(
    {
      due_date: dueDate || null,
      due_time: dueDate && dueTime ? dueTime : null,
      time_zone: userZone,
      reminders,
      completed: false,
      deleted: false,
    },
    new Date(),
  );
  const zoneName = t('editor.zoneName', {
    zone: isolate(userZone),
    name: timeZoneLongName(userZone, locale),
  });
  const iosNote = needsHomeScreenInstall(navigator, runsStandalone());
  const showStatus = adding || reminders.length > 0;

  return (
    <fieldset className="reminder-picker">
      <legend>{t('reminders.legend')}</legend>
      {reminders.length === 0 ? (
        <p className="hint">{t('reminders.none')}</p>
      ) : (
        <ul className="reminder-list">
          {reminders.map((reminder, index) => {
            const text = describeReminder(reminder, t, locale, userZone);
            return (
              <li key={'at' in reminder ? reminder.at : `m${reminder.minutes_before}`}>
                <span>{text}</span>
                <button
                  type="button"
                  className="button button--small"
                  aria-label={t('reminders.remove', { reminder: text })}
                  onClick={() => onChange(removeReminder(reminders, index))}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}

      {reminders.length > 0 && (
        <p className="hint" aria-live="polite">
          {next
            ? t('reminders.next', { time: isolate(formatInstant(next, locale, userZone)) })
            : t('reminders.noneUpcoming')}
        </p>
      )}
      {hasDate && !dueTime && reminders.some((reminder) => 'minutes_before' in reminder) && (
        <p className="hint">
          {t('reminders.dateOnlyNote', {
            time: isolate(
              new Intl.DateTimeFormat(locale, {
                hour: 'numeric',
                minute: '2-digit',
                timeZone: 'UTC',
              }).format(new Date(`2024-01-01T${DEFAULT_DATE_ONLY_REMINDER_TIME}:00Z`)),
            ),
          })}
        </p>
      )}

      {adding ? (
        <div className="reminder-add">
          <div className="field">
            <label htmlFor={`${id}-when`}>{t('reminders.when')}</label>
            <select
              id={`${id}-when`}
              value={choice}
              onChange={(event) => {
                setChoice(event.target.value as Choice);
                setError(null);
              }}
            >
              {REMINDER_PRESETS.map((minutes) => (
                <option key={minutes} value={String(minutes)} disabled={!hasDate}>
                  {describeReminder({ minutes_before: minutes }, t, locale, userZone)}
                </option>
              ))}
              <option value="custom" disabled={!hasDate}>
                {t('reminders.customOption')}
              </option>
              <option value="absolute">{t('reminders.absoluteOption')}</option>
            </select>
            {!hasDate && <p className="hint">{t('reminders.needsDate')}</p>}
          </div>

          {choice === 'custom' && (
            <div className="editor-grid">
              <div className="field">
                <label htmlFor={`${id}-amount`}>{t('reminders.amount')}</label>
                <input
                  id={`${id}-amount`}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  step={1}
                  value={amount}
                  onChange={(event) => setAmount(event.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-unit`}>{t('reminders.unit')}</label>
                <select
                  id={`${id}-unit`}
                  value={unit}
                  onChange={(event) => setUnit(event.target.value as LeadUnit)}
                >
                  <option value="minutes">{t('reminders.unitMinutes')}</option>
                  <option value="hours">{t('reminders.unitHours')}</option>
                  <option value="days">{t('reminders.unitDays')}</option>
                </select>
              </div>
            </div>
          )}

          {choice === 'absolute' && (
            <div className="field">
              <label htmlFor={`${id}-at`}>{t('reminders.dateTime')}</label>
              <input
                id={`${id}-at`}
                type="datetime-local"
                value={absolute}
                aria-describedby={`${id}-at-zone`}
                onChange={(event) => setAbsolute(event.target.value)}
              />
              <p className="hint" id={`${id}-at-zone`}>
                {zoneName}
              </p>
            </div>
          )}

          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="reminder-add-actions">
            <button type="button" className="button button--small" onClick={() => setAdding(false)}>
              {t('reminders.cancel')}
            </button>
            <button
              type="button"
              className="button button--small button--primary"
              onClick={confirm}
            >
              {t('reminders.confirm')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="button button--small" onClick={startAdding}>
          {t('reminders.add')}
        </button>
      )}

      {showStatus && (
        <div className="reminder-status" aria-live="polite">
          {asking && <p className="hint">{t('reminders.asking')}</p>}
          {permission === 'denied' && <p className="hint hint--warning">{t('reminders.denied')}</p>}
          {permission === 'unsupported' && !iosNote && (
            <p className="hint hint--warning">{t('reminders.unsupported')}</p>
          )}
          {permission === 'off' && (
            <p className="hint hint--warning">
              {t('reminders.off')}{' '}
              <button type="button" className="link-button" onClick={() => void turnOn()}>
                {t('reminders.turnOn')}
              </button>
            </p>
          )}
          {setupError && <p className="hint hint--warning">{setupError}</p>}
        </div>
      )}
      {iosNote && <p className="hint">{t('reminders.iosInstall')}</p>}
    </fieldset>
  );
}
