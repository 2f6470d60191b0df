// An i18next instance with both languages, for unit tests of code that takes a TFunction.
import i18next, { type TFunction } from 'i18next';
import en from '../i18n/en.json';
import ur from '../i18n/ur.json';

export async function testTranslations(): Promise<{ en: TFunction; ur: TFunction }> {
  const instance = i18next.createInstance();
  await instance.init({
    resources: { en: { translation: en }, ur: { translation: ur } },
    lng: 'en',
    fallbackLng: false,
    interpolation: { escapeValue: false },
  });
  return { en: instance.getFixedT('en'), ur: instance.getFixedT('ur') };
}

/**
 * Sets up the global i18next instance, which components read through react-i18next, with every
 * section of both languages, including the ones the app loads with lazy chunks.
 */
export async function initComponentTranslations(language: 'en' | 'ur' = 'en'): Promise<void> {
  const { initReactI18next } = await import('react-i18next');
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ur: { translation: ur } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
}
