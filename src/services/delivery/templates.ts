import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  parseTemplate,
  renderTemplate,
  type RenderedTemplate,
  type TemplateSource,
} from '../../core/delivery/template.js';
import { LANGUAGES, type Language } from '../../core/registry/vocabulary.js';

/**
 * The template files, beside the pure renderer in core. Resolved from this module's URL so it
 * works from src/ (tsx, vitest) and from dist/, provided the build copies the directory to
 * dist/core/delivery/templates (tsc copies only .ts output).
 */
export const TEMPLATES_DIR = new URL('../../core/delivery/templates', import.meta.url);

export interface TemplateSet {
  /** The template ids, sorted: one directory each. */
  readonly ids: readonly string[];
  /** Throws when the template or the language does not exist; missing parameters are reported, not thrown. */
  render(id: string, language: Language, params: Record<string, unknown>): RenderedTemplate;
}

/**
 * Reads every `<dir>/<template-id>/<lang>.txt` (and optional `<lang>.html`) once, synchronously
 * at start, and checks them all: each template has every language, the same set of bodies in
 * each, and parses. All problems are reported together so one run fixes them all.
 */
export function loadTemplates(dir: URL | string = TEMPLATES_DIR): TemplateSet {
  const root = typeof dir === 'string' ? dir : fileURLToPath(dir);
  const templates = new Map<string, Map<Language, TemplateSource>>();
  const problems: string[] = [];
  const ids = readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .sort();
  for (const id of ids) {
    const byLanguage = new Map<Language, TemplateSource>();
    for (const file of readdirSync(join(root, id))) {
      const language = file.replace(/\.(txt|html)$/, '');
      if (!(LANGUAGES as readonly string[]).includes(language) || language === file) {
        problems.push(
          `${id}/${file}: expected only ${LANGUAGES.map((l) => `${l}.txt`).join(', ')} and their .html`,
        );
      }
    }
    for (const language of LANGUAGES) {
      const base = join(root, id, language);
      if (!existsSync(`${base}.txt`)) {
        problems.push(`${id}: ${language}.txt is missing`);
        continue;
      }
      try {
        const { subject, body } = parseTemplate(readFileSync(`${base}.txt`, 'utf8'));
        const html = existsSync(`${base}.html`) ? readFileSync(`${base}.html`, 'utf8') : undefined;
        const source: TemplateSource = {
          subject,
          text: body,
          ...(html === undefined ? {} : { html }),
        };
        // Rendering with no parameters finds syntax errors (unclosed sections) now, not at send time.
        renderTemplate(source, {});
        byLanguage.set(language, source);
      } catch (error) {
        problems.push(`${id}/${language}: ${(error as Error).message}`);
      }
    }
    const withHtml = [...byLanguage].filter(([, source]) => source.html !== undefined);
    if (withHtml.length > 0 && withHtml.length < LANGUAGES.length) {
      problems.push(`${id}: an HTML body exists for ${withHtml.map(([l]) => l).join(', ')} only`);
    }
    templates.set(id, byLanguage);
  }
  if (problems.length > 0) {
    throw new Error(`The message templates in ${root} are invalid:\n- ${problems.join('\n- ')}`);
  }
  return {
    ids,
    render(id, language, params) {
      const source = templates.get(id)?.get(language);
      if (!source) throw new Error(`There is no message template ${id} in language ${language}.`);
      return renderTemplate(source, params);
    },
  };
}

let shared: TemplateSet | undefined;

/** The shipped templates, loaded on first use and kept: they do not change while running. */
export function messageTemplates(): TemplateSet {
  return (shared ??= loadTemplates());
}
