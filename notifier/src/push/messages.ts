/** Languages the notification text is written in; anything else falls back to English. */
export type NotificationLanguage = 'en' | 'ur';

export interface NotificationStrings {
  /** Intl locale used to format the due date and time. */
  locale: string;
  due(when: string): string;
  noDueDate: string;
  markDone: string;
  snooze: string;
}

export const STRINGS: Record<NotificationLanguage, NotificationStrings> = {
  en: {
    locale: 'en',
    due: (when) => `Due ${when}`,
    noDueDate: 'Reminder',
    markDone: 'Mark done',
    snooze: 'Snooze 10 minutes',
  },
  ur: {
    locale: 'ur-PK',
    due: (when) => `مقررہ وقت: ${when}`,
    noDueDate: 'یاد دہانی',
    markDone: 'مکمل کریں',
    snooze: '10 منٹ بعد یاد دلائیں',
  },
};

/** Picks the notification language from a BCP 47 tag such as `ur-PK`; English by default. */
export function notificationLanguage(tag: string | null | undefined): NotificationLanguage {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'ur' ? 'ur' : 'en';
}
