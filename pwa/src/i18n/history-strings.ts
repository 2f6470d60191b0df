// The strings of the task history and the activity view, added to i18next when either one's
// chunk loads, in the same way as the editor's (editor-strings.ts), so they stay out of the
// first-render chunk.
import i18next from 'i18next';
import * as en from './en.json?sections=history';
import * as ur from './ur.json?sections=history';

export const historyResources = {
  en: { history: en.history },
  ur: { history: ur.history },
} as const;

/** Adds the history section to i18next; safe to call more than once. */
export function addHistoryStrings(instance = i18next): void {
  for (const [language, sections] of Object.entries(historyResources)) {
    instance.addResourceBundle(language, 'translation', sections, true, false);
  }
}
