// The chat panel's strings, added to i18next when the panel's chunk loads, in the same way as
// the editor's (editor-strings.ts), so they stay out of the first-render chunk.
import i18next from 'i18next';
import * as en from './en.json?sections=chat';
import * as ur from './ur.json?sections=chat';

export const chatResources = {
  en: { chat: en.chat },
  ur: { chat: ur.chat },
} as const;

/** Adds the chat panel's section to i18next; safe to call more than once. */
export function addChatStrings(instance = i18next): void {
  for (const [language, sections] of Object.entries(chatResources)) {
    instance.addResourceBundle(language, 'translation', sections, true, false);
  }
}
