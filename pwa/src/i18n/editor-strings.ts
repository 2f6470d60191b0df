// The editor's strings, added to i18next when the editor's chunk loads (see index.ts). The
// json-sections plugin in vite.config.ts loads just these sections, as a module separate from
// the en.json and ur.json that index.ts imports, so they stay out of the first-render chunk.
import i18next from 'i18next';
import * as en from './en.json?sections=editor,repeatPicker,reminders';
import * as ur from './ur.json?sections=editor,repeatPicker,reminders';

export const editorResources = {
  en: { editor: en.editor, repeatPicker: en.repeatPicker, reminders: en.reminders },
  ur: { editor: ur.editor, repeatPicker: ur.repeatPicker, reminders: ur.reminders },
} as const;

/** Adds the editor's sections to i18next; safe to call more than once. */
export function addEditorStrings(instance = i18next): void {
  for (const [language, sections] of Object.entries(editorResources)) {
    instance.addResourceBundle(language, 'translation', sections, true, false);
  }
}
