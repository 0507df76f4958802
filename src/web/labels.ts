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

/** A sector the API gives as plain text: by name when it is a known code, else as it is. */
export function sectorText(code: string | null, language: Language): string {
  if (!code) return '';
  return code in SECTORS ? SECTORS[code as Sector][language] : code;
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

const SIZE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** "532 byte", "1.2 kB", "3.4 MB": in steps of 1024, in the interface language. */
export function formatSize(bytes: number, language: Language): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: SIZE_UNITS[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}
