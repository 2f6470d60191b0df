import { describe, expect, it } from 'vitest';
import { deviceNotificationState, needsHomeScreenInstall } from './permission';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const IPAD_AS_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
const ANDROID =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36';

describe('needsHomeScreenInstall', () => {
  it('is true for an iPhone or iPad in a browser tab', () => {
    expect(needsHomeScreenInstall({ userAgent: IPHONE, maxTouchPoints: 5 }, false)).toBe(true);
    expect(needsHomeScreenInstall({ userAgent: IPAD_AS_MAC, maxTouchPoints: 5 }, false)).toBe(true);
  });

  it('is false once installed, on a Mac, and on Android', () => {
    expect(needsHomeScreenInstall({ userAgent: IPHONE, maxTouchPoints: 5 }, true)).toBe(false);
    expect(
      needsHomeScreenInstall({ userAgent: IPHONE, maxTouchPoints: 5, standalone: true }, false),
    ).toBe(false);
    expect(needsHomeScreenInstall({ userAgent: IPAD_AS_MAC, maxTouchPoints: 0 }, false)).toBe(
      false,
    );
    expect(needsHomeScreenInstall({ userAgent: ANDROID, maxTouchPoints: 5 }, false)).toBe(false);
  });
});

describe('deviceNotificationState', () => {
  const scope = (permission: NotificationPermission) =>
    ({
      Notification: { permission },
      PushManager: class {},
      navigator: { serviceWorker: {} },
    }) as unknown as typeof globalThis;
  const storage = (value: string | null) => ({
    getItem: () => value,
    setItem: () => undefined,
    removeItem: () => undefined,
  });

  it('combines the permission with the on/off choice', () => {
    expect(deviceNotificationState(scope('default'), storage(null))).toBe('default');
    expect(deviceNotificationState(scope('denied'), storage(null))).toBe('denied');
    expect(deviceNotificationState(scope('granted'), storage(null))).toBe('on');
    expect(deviceNotificationState(scope('granted'), storage('off'))).toBe('off');
  });

  it('is unsupported without the Push API', () => {
    const bare = {
      Notification: { permission: 'granted' },
      navigator: {},
    } as unknown as typeof globalThis;
    expect(deviceNotificationState(bare, storage(null))).toBe('unsupported');
  });
});
