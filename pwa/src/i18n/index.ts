import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import * as en from './en.json';
import * as ur from './ur.json';

export const LANGUAGES = ['en', 'ur'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'fehrist.language';
const RTL_LANGUAGES: ReadonlySet<Language> = new Set(['ur']);

// The sections the app needs before the editor opens. The editor's own sections (editor,
// repeatPicker, reminders) load with its chunk (editor-strings.ts), and the chat panel's (chat)
// with its own (chat-strings.ts), which keeps them out of the first-render JavaScript. Each section is read as a static property, so the bundler leaves
// the others out of this chunk.
const startEn = {
  app: en.app,
  auth: en.auth,
  account: en.account,
  signOut: en.signOut,
  language: en.language,
  sync: en.sync,
  quickAdd: en.quickAdd,
  toolbar: en.toolbar,
  status: en.status,
  dueFilter: en.dueFilter,
  sort: en.sort,
  order: en.order,
  priority: en.priority,
  task: en.task,
  due: en.due,
  errors: en.errors,
  undo: en.undo,
  empty: en.empty,
  rejection: en.rejection,
  update: en.update,
  repeat: en.repeat,
  notifications: en.notifications,
};
const startUr = {
  app: ur.app,
  auth: ur.auth,
  account: ur.account,
  signOut: ur.signOut,
  language: ur.language,
  sync: ur.sync,
  quickAdd: ur.quickAdd,
  toolbar: ur.toolbar,
  status: ur.status,
  dueFilter: ur.dueFilter,
  sort: ur.sort,
  order: ur.order,
  priority: ur.priority,
  task: ur.task,
  due: ur.due,
  errors: ur.errors,
  undo: ur.undo,
  empty: ur.empty,
  rejection: ur.rejection,
  update: ur.update,
  repeat: ur.repeat,
  notifications: ur.notifications,
};

export const resources = { en: { translation: startEn }, ur: { translation: startUr } } as const;

function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

/** Returns the saved choice, else the first browser language Fehrist has, else English. */
export function initialLanguage(
  saved: string | null = readSaved(),
  browser: readonly string[] = globalThis.navigator?.languages ?? [],
): Language {
  if (isLanguage(saved)) return saved;
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

function readSaved(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function directionOf(language: Language): 'rtl' | 'ltr' {
  return RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr';
}

/** Sets `lang` and `dir` on <html>, so CSS logical properties and the browser mirror the page. */
function applyToDocument(language: Language): void {
  const root = globalThis.document?.documentElement;
  if (!root) return;
  root.lang = language;
  root.dir = directionOf(language);
}

export async function initI18n(language: Language = initialLanguage()) {
  await i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    // React escapes what it renders, so i18next must not escape a second time.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyToDocument(language);
  i18next.on('languageChanged', (next) => {
    if (isLanguage(next)) applyToDocument(next);
  });
  return i18next;
}

/** Switches the interface language and remembers the choice on this device. */
export async function changeLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private windows may refuse storage; the choice then lasts for this page only.
  }
  await i18next.changeLanguage(language);
}

export function currentLanguage(): Language {
  const language = i18next.resolvedLanguage ?? i18next.language;
  return isLanguage(language) ? language : 'en';
}

/**
 * Wraps text in Unicode first-strong isolates (U+2068 … U+2069). A user's text or a value placed
 * inside a translated sentence then keeps its own direction and cannot reorder the sentence
 * around it, as an English title inside an Urdu sentence otherwise would.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
