import { WARNING_LEVEL_NAMES, type WarningLevel } from './warning.js';

/** What a bulletin needs to become an Atom entry. */
export interface BulletinEntry {
  id: string;
  level: WarningLevel;
  state: string;
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
  measuresZh: string;
  measuresEn: string;
  issuerNameZh: string;
  issuerNameEn: string;
  cves: string[];
  issuedAt: string;
  updatedAt: string;
}

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/**
 * The public bulletins as an Atom 1.0 feed (RFC 4287), in one language. Each entry's id is a
 * tag URI of the warning, so readers keep it across updates; `updated` moves when it changes.
 */
export function bulletinsAtom(
  bulletins: readonly BulletinEntry[],
  options: { baseUrl: string; language: 'zh-CN' | 'en'; now: string },
): string {
  const base = options.baseUrl.replace(/\/+$/, '');
  const zh = options.language === 'zh-CN';
  const host = new URL(base).hostname;
  const entries = bulletins.map((b) => {
    const title = `${WARNING_LEVEL_NAMES[b.level][options.language]}${b.state === 'lifted' ? (zh ? '（已解除）' : ' (lifted)') : ''}: ${zh ? b.titleZh : b.titleEn}`;
    const text = [
      zh ? b.bodyZh : b.bodyEn,
      '',
      `${zh ? '措施' : 'Measures'}: ${zh ? b.measuresZh : b.measuresEn}`,
      b.cves.length ? `CVE: ${b.cves.join(', ')}` : '',
    ]
      .filter((line, i, all) => line !== '' || i < all.length - 1)
      .join('\n');
    return [
      '  <entry>',
      `    <id>tag:${host},${b.issuedAt.slice(0, 10)}:warning/${b.id}</id>`,
      `    <title>${escape(title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${escape(`${base}/bulletins#${b.id}`)}"/>`,
      `    <published>${b.issuedAt}</published>`,
      `    <updated>${b.updatedAt}</updated>`,
      `    <author><name>${escape(zh ? b.issuerNameZh : b.issuerNameEn)}</name></author>`,
      `    <category term="${b.level}"/>`,
      `    <content type="text">${escape(text)}</content>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${options.language}">`,
    `  <id>${escape(`${base}/bulletins.atom`)}</id>`,
    `  <title>${zh ? '烽火 网络安全预警通报' : 'Fenghuo cybersecurity bulletins'}</title>`,
    `  <link rel="self" type="application/atom+xml" href="${escape(`${base}/bulletins.atom${zh ? '' : '?lang=en'}`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escape(`${base}/bulletins`)}"/>`,
    `  <updated>${bulletins[0]?.updatedAt ?? options.now}</updated>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
