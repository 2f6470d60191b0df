import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type DeviceNotificationState,
  deviceNotificationState,
  requestNotificationPermission,
} from './permission';

/**
 * The account menu's "Reminder notifications" line: the state on this device and a button to
 * turn them on (requests permission, subscribes) or off (removes the subscription).
 */
export function NotificationSettings({ userID }: { userID: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<DeviceNotificationState>(() => deviceNotificationState());
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function change(on: boolean) {
    setBusy(true);
    setFailure(null);
    try {
      // The permission request comes first and straight from the tap.
      const permission = on ? await requestNotificationPermission() : null;
      const push = await import('./push-subscription');
      if (!on) await push.turnOffNotifications(userID);
      else if (permission === 'granted') await push.turnOnNotifications(userID);
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
      setState(deviceNotificationState());
    }
  }

  const text = {
    unsupported: t('notifications.unsupported'),
    default: t('notifications.off'),
    off: t('notifications.off'),
    denied: t('notifications.blocked'),
    on: t('notifications.on'),
  }[state];

  return (
    <div className="notification-settings">
      <p className="notification-settings-state" data-notification-state={state}>
        {t('notifications.status', { state: text })}
      </p>
      {(state === 'default' || state === 'off') && (
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          onClick={() => void change(true)}
        >
          {t('notifications.turnOn')}
        </button>
      )}
      {state === 'on' && (
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          onClick={() => void change(false)}
        >
          {t('notifications.turnOff')}
        </button>
      )}
      {failure && (
        <p className="form-error" role="alert">
          {t('notifications.failed', { message: failure })}
        </p>
      )}
    </div>
  );
}
