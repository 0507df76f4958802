import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../core/registry/vocabulary.js';
import en from './en.json';
import zhCN from './zh-CN.json';

const STORAGE_KEY = 'fenghuo.language';

function storedLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return LANGUAGES.find((language) => language === stored) ?? 'zh-CN';
}

function applyLanguage(language: string): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  document.title = i18n.t('app.name');
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  supportedLngs: LANGUAGES,
  initAsync: false,
  interpolation: { escapeValue: false },
});
applyLanguage(i18n.language);
i18n.on('languageChanged', applyLanguage);

/** The language the interface is shown in now. */
export function useLanguage(): Language {
  const { i18n: instance } = useTranslation();
  return instance.language === 'en' ? 'en' : 'zh-CN';
}

export default i18n;
