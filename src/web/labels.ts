import {
  AUTHORITY_FUNCTIONS,
  CN_REGIONS,
  SECTORS,
  type AuthorityFunction,
  type Language,
  type Sector,
} from '../core/registry/vocabulary.js';

/** The organisation's name in the interface language. */
export function orgName(org: { nameZh: string; nameEn: string }, language: Language): string {
  return language === 'en' ? org.nameEn : org.nameZh;
}

export function sectorLabel(code: Sector | null, language: Language): string {
  return code ? SECTORS[code][language] : '';
}

/** Chinese provinces by name; other ISO 3166-2 codes as they are. */
export function regionLabel(code: string | null, language: Language): string {
  if (!code) return '';
  return code in CN_REGIONS ? CN_REGIONS[code as keyof typeof CN_REGIONS][language] : code;
}

export function functionLabel(code: AuthorityFunction, language: Language): string {
  return AUTHORITY_FUNCTIONS[code][language];
}

export function formatTime(timestamp: string | null, language: Language): string {
  if (!timestamp) return '';
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(timestamp),
  );
}
