/**
 * Message templates: the texts Fenghuo sends, kept as files so they can be reviewed and
 * corrected without touching code. A template is a subject, a plain-text body and optionally
 * an HTML body, with two constructs only:
 *
 * - `{{name}}` inserts a parameter (HTML-escaped in the HTML body, as is elsewhere);
 * - `{{#list}}…{{/list}}` repeats its content once per object of the array `list`, the
 *   object's fields shadowing the outer parameters inside.
 *
 * Anything richer belongs in the code that prepares the parameters, not in a template
 * language. Pure: the files are read by services/delivery/templates.ts.
 */

export interface TemplateSource {
  subject: string;
  text: string;
  html?: string;
}

export interface RenderedTemplate {
  subject: string;
  text: string;
  html?: string;
  /** Parameters the template used but was not given; they rendered as empty. */
  missing: string[];
}

/**
 * Splits a `.txt` template file: `Subject: …` on the first line, a blank line, the body.
 *
 * ```ts
 * parseTemplate('Subject: Hello {{name}}\n\nDear {{name}},\n'); // { subject: 'Hello {{name}}', body: 'Dear {{name}},' }
 * ```
 */
export function parseTemplate(text: string): { subject: string; body: string } {
  // Files edited on Windows arrive with CRLF (and perhaps a BOM); the mail layer chooses line ends.
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  const subject = /^Subject:[ \t]*(.*)$/.exec(lines[0] ?? '');
  if (!subject || subject[1]!.trim() === '') {
    throw new Error('A template must start with a "Subject: …" line.');
  }
  if (lines.length < 3 || lines[1]!.trim() !== '') {
    throw new Error('A template needs a blank line between the subject and the body.');
  }
  const body = lines.slice(2).join('\n').trimEnd();
  if (body === '') throw new Error('A template body is empty.');
  return { subject: subject[1]!.trim(), body };
}

/**
 * Fills a template. Missing parameters render as empty and are listed in `missing`, so one
 * forgotten field costs a blank in a message rather than the whole message; the caller
 * decides whether to log or refuse. Malformed templates (an unclosed section) throw.
 *
 * ```ts
 * renderTemplate({ subject: 'Hi {{who}}', text: '{{#items}}- {{name}}\n{{/items}}' },
 *   { items: [{ name: 'a' }, { name: 'b' }] });
 * // { subject: 'Hi ', text: '- a\n- b\n', missing: ['who'] }
 * ```
 */
export function renderTemplate(
  template: TemplateSource,
  params: Record<string, unknown>,
): RenderedTemplate {
  const missing = new Set<string>();
  const fill = (source: string, escape: (s: string) => string) =>
    renderNodes(parse(source), [params], escape, missing);
  // A line break in a subject would end the header: parameters come from reports and users.
  const subject = fill(template.subject, (s) => s)
    .replace(/\s+/g, ' ')
    .trim();
  const text = fill(template.text, (s) => s);
  const html = template.html === undefined ? undefined : fill(template.html, escapeHtml);
  return {
    subject,
    text,
    ...(html === undefined ? {} : { html }),
    missing: [...missing].sort(),
  };
}

type Node =
  | { type: 'text'; value: string }
  | { type: 'value'; name: string }
  | { type: 'section'; name: string; children: Node[] };

const TAG = /\{\{\s*([#/]?)\s*([A-Za-z_][\w-]*)\s*\}\}/g;

/** One pass over the tags: substituted values are never scanned again, so they cannot inject tags. */
function parse(source: string): Node[] {
  const root: Node[] = [];
  const stack: { name: string; children: Node[] }[] = [{ name: '', children: root }];
  let last = 0;
  for (const match of source.matchAll(TAG)) {
    const top = stack.at(-1)!;
    if (match.index > last)
      top.children.push({ type: 'text', value: source.slice(last, match.index) });
    last = match.index + match[0].length;
    const sigil = match[1]!;
    const name = match[2]!;
    if (sigil === '#') {
      const section: Node = { type: 'section', name, children: [] };
      top.children.push(section);
      stack.push(section);
    } else if (sigil === '/') {
      if (stack.length === 1 || top.name !== name) {
        throw new Error(`{{/${name}}} closes a section that is not open.`);
      }
      stack.pop();
    } else {
      top.children.push({ type: 'value', name });
    }
  }
  if (stack.length > 1) throw new Error(`{{#${stack.at(-1)!.name}}} is never closed.`);
  if (last < source.length) root.push({ type: 'text', value: source.slice(last) });
  return root;
}

/** `scopes` runs innermost first: a list item's fields, then the enclosing ones. */
function renderNodes(
  nodes: Node[],
  scopes: Record<string, unknown>[],
  escape: (s: string) => string,
  missing: Set<string>,
): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') {
      out += node.value;
      continue;
    }
    const value = lookup(scopes, node.name);
    if (value === undefined || value === null) {
      missing.add(node.name);
      continue;
    }
    if (node.type === 'value') {
      out += escape(display(value));
      continue;
    }
    if (!Array.isArray(value)) {
      throw new TypeError(`The section {{#${node.name}}} needs an array, not ${typeof value}.`);
    }
    for (const item of value as unknown[]) {
      const scope =
        typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
      out += renderNodes(node.children, [scope, ...scopes], escape, missing);
    }
  }
  return out;
}

function lookup(scopes: Record<string, unknown>[], name: string): unknown {
  for (const scope of scopes) {
    if (Object.hasOwn(scope, name)) return scope[name];
  }
  return undefined;
}

function display(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
