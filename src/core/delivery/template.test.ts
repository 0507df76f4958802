import { describe, expect, it } from 'vitest';
import { parseTemplate, renderTemplate } from './template.js';

describe('parseTemplate', () => {
  it('splits the subject line from the body', () => {
    expect(parseTemplate('Subject: Hello {{name}}\n\nDear {{name}},\n\nBye.\n')).toEqual({
      subject: 'Hello {{name}}',
      body: 'Dear {{name}},\n\nBye.',
    });
  });

  it('accepts CRLF line ends and a byte-order mark', () => {
    expect(parseTemplate('\uFEFFSubject: 主题\r\n\r\n正文\r\n第二行\r\n')).toEqual({
      subject: '主题',
      body: '正文\n第二行',
    });
  });

  it.each([
    ['', /Subject/],
    ['Hello\n\nbody', /Subject/],
    ['Subject:   \n\nbody', /Subject/],
    ['Subject: x\nbody', /blank line/],
    ['Subject: x', /blank line/],
    ['Subject: x\n\n  \n', /empty/],
  ])('refuses %j', (text, message) => {
    expect(() => parseTemplate(text)).toThrow(message);
  });
});

describe('renderTemplate', () => {
  it('fills placeholders in the subject, text and HTML', () => {
    const result = renderTemplate(
      { subject: 'Re: {{ref}}', text: 'Ref {{ref}}, {{count}} items', html: '<b>{{ref}}</b>' },
      { ref: 'CN-2025-0001', count: 3 },
    );
    expect(result).toEqual({
      subject: 'Re: CN-2025-0001',
      text: 'Ref CN-2025-0001, 3 items',
      html: '<b>CN-2025-0001</b>',
      missing: [],
    });
  });

  it('escapes values in HTML only', () => {
    const value = `<script>alert("x")</script> & 'y'`;
    const result = renderTemplate(
      { subject: '{{v}}', text: '{{v}}', html: '<p title="{{v}}">{{v}}</p>' },
      { v: value },
    );
    expect(result.text).toBe(value);
    expect(result.subject).toBe(value);
    expect(result.html).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p>',
    );
  });

  it('renders missing parameters as empty and reports each once, sorted', () => {
    const result = renderTemplate(
      { subject: '{{b}} {{a}}', text: '[{{a}}][{{c}}][{{present}}]' },
      { present: 'ok', c: null },
    );
    expect(result.subject).toBe('');
    expect(result.text).toBe('[][][ok]');
    expect(result.missing).toEqual(['a', 'b', 'c']);
    expect(result).not.toHaveProperty('html');
  });

  it('keeps falsy values that are present', () => {
    const result = renderTemplate(
      { subject: 's', text: '{{zero}}|{{no}}|{{empty}}' },
      {
        zero: 0,
        no: false,
        empty: '',
      },
    );
    expect(result).toMatchObject({ text: '0|false|', missing: [] });
  });

  it('repeats a section per item, items shadowing outer parameters', () => {
    const result = renderTemplate(
      {
        subject: '{{count}} hosts',
        text: 'Hosts of {{org}}:\n{{#hosts}}- {{ip}} ({{org}}, port {{port}})\n{{/hosts}}End',
        html: '<ul>{{#hosts}}<li>{{ip}}</li>{{/hosts}}</ul>',
      },
      {
        org: 'Example',
        count: 2,
        hosts: [
          { ip: '192.0.2.1', port: 22 },
          { ip: '192.0.2.2', port: 3389, org: '<Other>' },
        ],
      },
    );
    expect(result.text).toBe(
      'Hosts of Example:\n- 192.0.2.1 (Example, port 22)\n- 192.0.2.2 (<Other>, port 3389)\nEnd',
    );
    expect(result.html).toBe('<ul><li>192.0.2.1</li><li>192.0.2.2</li></ul>');
    expect(result.missing).toEqual([]);
  });

  it('nests sections and reports fields missing inside items', () => {
    const result = renderTemplate(
      {
        subject: 's',
        text: '{{#groups}}[{{name}}:{{#members}}{{who}}{{role}};{{/members}}]{{/groups}}',
      },
      {
        groups: [
          { name: 'a', members: [{ who: 'x', role: '1' }, { who: 'y' }] },
          { name: 'b', members: [] },
        ],
      },
    );
    expect(result.text).toBe('[a:x1;y;][b:]');
    expect(result.missing).toEqual(['role']);
  });

  it('renders an absent section as nothing and reports it', () => {
    const result = renderTemplate({ subject: 's', text: 'a{{#list}}x{{/list}}b' }, {});
    expect(result).toMatchObject({ text: 'ab', missing: ['list'] });
  });

  it('does not expand tags inside substituted values', () => {
    const result = renderTemplate(
      { subject: 's', text: '{{a}} {{#l}}{{v}}{{/l}}' },
      { a: '{{b}}', b: 'leak', l: [{ v: '{{#l}}{{b}}{{/l}}' }] },
    );
    expect(result.text).toBe('{{b}} {{#l}}{{b}}{{/l}}');
  });

  it('keeps a subject on one line whatever the parameters hold', () => {
    const result = renderTemplate(
      { subject: 'Report {{ref}}', text: 'x' },
      { ref: 'A\r\nBcc: victim@example.org' },
    );
    expect(result.subject).toBe('Report A Bcc: victim@example.org');
  });

  it('tolerates spaces inside tags and leaves non-tags alone', () => {
    const result = renderTemplate(
      { subject: 's', text: '{{ a }} {{#l}}{{ v }}{{/ l }} {single} {{1bad}} {{}}' },
      { a: 'A', l: [{ v: 1 }, { v: 2 }] },
    );
    expect(result.text).toBe('A 12 {single} {{1bad}} {{}}');
  });

  it('formats dates and objects readably', () => {
    const result = renderTemplate(
      { subject: 's', text: '{{at}} {{obj}}' },
      { at: new Date('2025-03-01T08:00:00Z'), obj: { a: 1 } },
    );
    expect(result.text).toBe('2025-03-01T08:00:00.000Z {"a":1}');
  });

  it.each([
    ['{{#a}}x', /\{\{#a\}\} is never closed/],
    ['x{{/a}}', /\{\{\/a\}\} closes a section that is not open/],
    ['{{#a}}{{#b}}{{/a}}{{/b}}', /\{\{\/a\}\} closes/],
  ])('refuses malformed sections: %s', (text, message) => {
    expect(() => renderTemplate({ subject: 's', text }, { a: [], b: [] })).toThrow(message);
  });

  it('refuses a section over something that is not an array', () => {
    expect(() => renderTemplate({ subject: 's', text: '{{#a}}x{{/a}}' }, { a: 'text' })).toThrow(
      /needs an array/,
    );
  });
});
