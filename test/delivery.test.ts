import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryFailed, DeliveryRefused } from '../src/core/delivery/destination.js';
import { LANGUAGES } from '../src/core/registry/vocabulary.js';
import { createMailer, type Mailer } from '../src/services/delivery/email-channel.js';
import { loadTemplates } from '../src/services/delivery/templates.js';
import {
  deliverWebhook,
  verifyWebhookSignature,
} from '../src/services/delivery/webhook-channel.js';

// ---------------------------------------------------------------------------------------------
// Templates

/** What every warning notice is given. */
const WARNING = {
  organisation: 'Example Power Co.',
  level: 'Orange warning',
  title: 'Rapid SCADA path traversal exploited',
  body: 'Attackers are exploiting CVE-2024-22096 in Rapid SCADA.',
  measures: 'Restrict access to the SCADA web interface and apply the vendor fix.',
  dueAt: '2026-12-01 09:00 UTC',
  version: 1,
  link: 'https://fenghuo.example.cn/warnings/abc',
  assets: [{ name: 'Plant SCADA', version: '5.8.0', confidence: 'range' }],
  more: 0,
};

/** Sample parameters for every template: a template added without a sample fails the loop below. */
const SAMPLES: Record<string, Record<string, unknown>> = {
  'warnings.issued': WARNING,
  'warnings.updated': {
    ...WARNING,
    changes: [{ field: 'dueAt' }],
  },
  'warnings.lifted': {
    ...WARNING,
    reason: 'The vendor fix is installed everywhere.',
  },
  'warnings.reminder': WARNING,
  'warnings.escalation': {
    ...WARNING,
    recipient: 'Example Water Co.',
    status: 'acknowledged',
  },
  'user.welcome': { displayName: '张伟', username: 'zhangwei', role: 'coordinator' },
  'token.created': { name: 'siem-export', prefix: 'fh_3k9a', scopes: 'registry:read' },
  'import.committed': {
    kind: 'networks',
    total: 120,
    created: 100,
    updated: 15,
    unchanged: 3,
    rejected: 2,
  },
  'incident.report_received': {
    reference: 'FH-2025-000123',
    organisation: '某省电力有限公司',
    title: '调度系统主机感染勒索软件',
    pack: '网络安全事件报告管理办法',
    stage: '初报',
    grade: '较大',
    category: '恶意程序事件',
    occurredAt: '2025-06-01 08:30 (UTC+8)',
    awareAt: '2025-06-01 09:10 (UTC+8)',
    summary: 'Ransomware on <two> hosts & a "file" server',
    link: 'https://fenghuo.example.cn/incidents/FH-2025-000123',
  },
  'incident.deadline_reminder': {
    reference: 'FH-2025-000123',
    stage: '续报',
    dueAt: '2025-06-02 09:10 (UTC+8)',
    timeLeft: '2 小时',
    link: 'https://fenghuo.example.cn/incidents/FH-2025-000123',
  },
  'incident.overdue': {
    reference: 'FH-2025-000123',
    stage: '终报',
    dueAt: '2025-06-02 09:10 (UTC+8)',
    lateBy: '3 小时 20 分钟',
    link: 'https://fenghuo.example.cn/incidents/FH-2025-000123',
  },
  'incident.escalation': {
    reference: 'FH-2025-000123',
    grade: '重大',
    escalatedBy: '某省网信办',
    dueAt: '2025-06-01 10:10 (UTC+8)',
    link: 'https://fenghuo.example.cn/incidents/FH-2025-000123',
  },
  'delivery.failed': {
    channel: 'webhook',
    recipient: 'https://soc.example.org/hooks/fenghuo',
    attempts: 8,
    lastError: 'https://soc.example.org answered HTTP 503.',
  },
  'feeds.digest': {
    organisation: 'Example Power Co.',
    count: 2,
    reopened: 1,
    expiresAt: '2026-12-28 09:00 UTC',
    link: 'https://fenghuo.example.cn/r/abc',
    kinds: [{ identifier: 'open-resolver', count: 2 }],
    findings: [
      {
        host: '198.51.100.8',
        port: 53,
        identifier: 'open-resolver',
        severity: 'medium',
        state: 'open',
        lastSeen: '2026-11-28 01:00 UTC',
      },
    ],
    more: 1,
  },
  'feeds.reminder': {
    organisation: 'Example Power Co.',
    count: 1,
    days: 3,
    expiresAt: '2026-12-28 09:00 UTC',
    link: 'https://fenghuo.example.cn/r/abc',
    findings: [
      {
        host: '198.51.100.8',
        port: 53,
        identifier: 'open-resolver',
        severity: 'medium',
        lastSeen: '2026-11-28 01:00 UTC',
      },
    ],
    more: 0,
  },
  'feeds.escalation': {
    organisation: 'Example Power Co.',
    count: 4,
    feed: 'shadowserver-scan_dns',
    days: 7,
    link: 'https://fenghuo.example.cn/findings?orgId=x',
  },
  'feeds.not_ours': {
    organisation: 'Example Power Co.',
    host: '198.51.100.8',
    identifier: 'open-resolver',
    findingId: 42,
    note: 'sold last year',
    link: 'https://fenghuo.example.cn/findings?state=not_ours',
  },
};

describe('message templates', () => {
  const templates = loadTemplates();

  it('has the templates the platform sends', () => {
    expect(templates.ids).toEqual(Object.keys(SAMPLES).sort());
  });

  for (const id of Object.keys(SAMPLES)) {
    for (const language of LANGUAGES) {
      it(`${id} renders in ${language} with no missing parameters`, () => {
        const rendered = templates.render(id, language, SAMPLES[id]!);
        expect(rendered.missing).toEqual([]);
        expect(rendered.subject).not.toBe('');
        expect(rendered.subject).not.toMatch(/[\r\n]/);
        for (const part of [rendered.subject, rendered.text, rendered.html ?? '']) {
          expect(part).not.toMatch(/\{\{|\}\}/);
        }
        // Chinese templates are in Chinese, English ones in English.
        const han = /\p{Script=Han}/u;
        const ownText = rendered.text.replace(
          /某省\S*|张伟|调度系统主机感染勒索软件|网络安全事件报告管理办法|[初续终]报|较大|重大|恶意程序事件|小时|分钟/gu,
          '',
        );
        expect(han.test(ownText)).toBe(language === 'zh-CN');
      });
    }
  }

  it('escapes parameters in the HTML body and keeps them raw in the text', () => {
    const rendered = templates.render(
      'incident.report_received',
      'en',
      SAMPLES['incident.report_received']!,
    );
    expect(rendered.text).toContain('Ransomware on <two> hosts & a "file" server');
    expect(rendered.html).toContain(
      'Ransomware on &lt;two&gt; hosts &amp; a &quot;file&quot; server',
    );
    expect(rendered.html).toContain(
      '<a href="https://fenghuo.example.cn/incidents/FH-2025-000123">',
    );
  });

  it('reports the parameters it was not given', () => {
    const rendered = templates.render('incident.overdue', 'zh-CN', { reference: 'FH-1' });
    expect(rendered.missing).toEqual(['dueAt', 'lateBy', 'link', 'stage']);
    expect(rendered.subject).toBe('报送已逾期：FH-1');
  });

  it('names the template and language it does not have', () => {
    expect(() => templates.render('incident.nope', 'en', {})).toThrow(/incident\.nope.*\ben\b/);
    expect(() => templates.render('user.welcome', 'fr' as 'en', {})).toThrow(
      /user\.welcome.*\bfr\b/,
    );
  });

  it('refuses, at load, a directory with incomplete or broken templates, listing every problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fenghuo-templates-'));
    try {
      const write = (file: string, text: string) => {
        mkdirSync(join(dir, file, '..'), { recursive: true });
        writeFileSync(join(dir, file), text);
      };
      write('a.ok/zh-CN.txt', 'Subject: 好\n\n正文 {{x}}\n');
      write('a.ok/en.txt', 'Subject: ok\n\nbody {{x}}\n');
      write('b.one_language/en.txt', 'Subject: x\n\ny\n');
      write('c.no_subject/zh-CN.txt', '正文\n');
      write('c.no_subject/en.txt', 'Subject: x\n\ny\n');
      write('d.unclosed/zh-CN.txt', 'Subject: x\n\n{{#list}}y\n');
      write('d.unclosed/en.txt', 'Subject: x\n\ny\n');
      write('e.html_one/zh-CN.txt', 'Subject: x\n\ny\n');
      write('e.html_one/en.txt', 'Subject: x\n\ny\n');
      write('e.html_one/en.html', '<p>y</p>\n');
      write('f.stray/zh-CN.txt', 'Subject: x\n\ny\n');
      write('f.stray/en.txt', 'Subject: x\n\ny\n');
      write('f.stray/fr.txt', 'Subject: x\n\ny\n');
      const error = (() => {
        try {
          loadTemplates(dir);
        } catch (e) {
          return (e as Error).message;
        }
        return '';
      })();
      expect(error).toContain('b.one_language: zh-CN.txt is missing');
      expect(error).toMatch(/c\.no_subject\/zh-CN: .*Subject/);
      expect(error).toMatch(/d\.unclosed\/zh-CN: .*never closed/);
      expect(error).toContain('e.html_one: an HTML body exists for en only');
      expect(error).toContain('f.stray/fr.txt');
      expect(error).not.toContain('a.ok');

      rmSync(join(dir, 'b.one_language'), { recursive: true });
      rmSync(join(dir, 'c.no_subject'), { recursive: true });
      rmSync(join(dir, 'd.unclosed'), { recursive: true });
      rmSync(join(dir, 'e.html_one'), { recursive: true });
      rmSync(join(dir, 'f.stray'), { recursive: true });
      expect(loadTemplates(dir).render('a.ok', 'zh-CN', { x: 1 })).toEqual({
        subject: '好',
        text: '正文 1',
        missing: [],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// E-mail

interface Captured {
  from: string;
  to: string[];
  user: string | undefined;
  raw: string;
}

interface Smtp {
  port: number;
  messages: Captured[];
  close(): Promise<void>;
}

/** A real SMTP server on loopback, plain text (no STARTTLS), keeping what it receives. */
async function startSmtp(port = 0, options: Partial<SMTPServerOptions> = {}): Promise<Smtp> {
  const messages: Captured[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on: the OS hands one out and it is released at once. */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** An unfolded header, its RFC 2047 encoded words decoded. */
function header(raw: string, name: string): string {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (line === undefined) throw new Error(`no ${name} header`);
  return line
    .slice(name.length + 1)
    .trim()
    .replace(/\?=\s+=\?/g, '?==?') // whitespace between encoded words is not content
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`)
    .replace(/[^%]/g, (c) => encodeURIComponent(c));
  return decodeURIComponent(bytes);
}

/** The decoded bodies of the MIME parts with a given content type (base64, quoted-printable or 7bit). */
function parts(raw: string, contentType: string): string[] {
  const out: string[] = [];
  for (const section of raw.split(/\r\n--[^\r\n]+\r\n/)) {
    const split = section.indexOf('\r\n\r\n');
    const head = section.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
    if (!new RegExp(`^content-type: ${contentType}\\b`, 'im').test(head)) continue;
    const body = section.slice(split + 4).replace(/\r\n--[^\r\n]*--\r\n[\s\S]*$/, '');
    const encoding = /^content-transfer-encoding: (\S+)/im.exec(head)?.[1]?.toLowerCase();
    out.push(
      encoding === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : encoding === 'quoted-printable'
          ? decodeQuotedPrintable(body)
          : body,
    );
  }
  return out;
}

describe('e-mail channel', () => {
  let smtp: Smtp;
  let mailer: Mailer;
  beforeAll(async () => {
    smtp = await startSmtp();
    mailer = createMailer({
      url: `smtp://127.0.0.1:${smtp.port}`,
      from: '烽火平台 <noreply@fenghuo.test>',
    });
  });
  afterAll(async () => {
    mailer.close();
    await smtp.close();
  });

  it('sends text and HTML with a Chinese subject and the outbox id as Message-ID', async () => {
    const rendered = loadTemplates().render(
      'incident.report_received',
      'zh-CN',
      SAMPLES['incident.report_received']!,
    );
    const result = await mailer.send({
      id: '0190a8f2-7c3e-7a10-8b2d-3f4e5a6b7c8d',
      to: 'soc@example.org',
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html!,
    });
    expect(result).toEqual({
      messageId: '<0190a8f2-7c3e-7a10-8b2d-3f4e5a6b7c8d@fenghuo>',
      encrypted: false,
    });
    const mail = smtp.messages.at(-1)!;
    expect(mail.from).toBe('noreply@fenghuo.test');
    expect(mail.to).toEqual(['soc@example.org']);
    expect(header(mail.raw, 'Subject')).toBe('网络安全事件报告：FH-2025-000123（较大）');
    expect(header(mail.raw, 'From')).toBe('烽火平台 <noreply@fenghuo.test>');
    expect(header(mail.raw, 'Message-ID')).toBe(result.messageId);
    expect(header(mail.raw, 'Content-Type')).toMatch(/^multipart\/alternative/);
    expect(parts(mail.raw, 'text/plain')).toEqual([rendered.text]);
    expect(parts(mail.raw, 'text/html')[0]).toContain('&lt;two&gt; hosts');
  });

  it('attaches a CSV file', async () => {
    const csv = 'reference,organisation,grade\r\nFH-2025-000123,某省电力有限公司,较大\r\n';
    await mailer.send({
      id: 'attachment-1',
      to: 'soc@example.org',
      subject: 'Weekly export',
      text: 'The export is attached.',
      attachments: [{ filename: 'incidents.csv', content: csv, contentType: 'text/csv' }],
    });
    const mail = smtp.messages.at(-1)!;
    expect(header(mail.raw, 'Content-Type')).toMatch(/^multipart\/mixed/);
    expect(mail.raw).toMatch(/Content-Disposition: attachment; filename=incidents\.csv/);
    expect(parts(mail.raw, 'text/csv')).toEqual([csv]);
    expect(parts(mail.raw, 'text/plain')).toEqual(['The export is attached.']);
  });

  it('encrypts to the recipient key as PGP/MIME (RFC 3156), subject in clear', async () => {
    const { privateKey, publicKey } = await openpgp.generateKey({
      userIDs: [{ name: 'Example SOC', email: 'soc@example.org' }],
      format: 'armored',
    });
    const text = '事件详情：受影响主机 192.0.2.10。\nDetails stay confidential.';
    const csv = 'ip,port\r\n192.0.2.10,445\r\n';
    const result = await mailer.send({
      id: 'encrypted-1',
      to: 'soc@example.org',
      subject: '事件通报 FH-2025-000123',
      text,
      html: '<p>事件详情</p>',
      pgpPublicKey: publicKey,
      attachments: [{ filename: 'hosts.csv', content: csv, contentType: 'text/csv' }],
    });
    expect(result).toEqual({ messageId: '<encrypted-1@fenghuo>', encrypted: true });

    const mail = smtp.messages.at(-1)!;
    expect(header(mail.raw, 'Subject')).toBe('事件通报 FH-2025-000123');
    expect(header(mail.raw, 'Message-ID')).toBe('<encrypted-1@fenghuo>');
    expect(header(mail.raw, 'Content-Type')).toMatch(
      /^multipart\/encrypted; protocol="application\/pgp-encrypted"; boundary=/,
    );
    expect(parts(mail.raw, 'application/pgp-encrypted')).toEqual(['Version: 1\r\n']);
    // Nothing of the content travels in clear.
    expect(mail.raw).not.toContain('192.0.2.10');
    expect(mail.raw).not.toMatch(/text\/plain|text\/csv/);
    expect(mail.raw).not.toMatch(/[^\r]\n/);

    const armored = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/.exec(
      mail.raw,
    )![0];
    const { data } = await openpgp.decrypt({
      message: await openpgp.readMessage({ armoredMessage: armored }),
      decryptionKeys: await openpgp.readPrivateKey({ armoredKey: privateKey }),
      format: 'binary',
    });
    const inner = Buffer.from(data).toString('utf8');
    expect(inner).toMatch(/^Content-Type: multipart\/mixed/m);
    expect(parts(inner, 'text/plain')).toEqual([text]);
    expect(parts(inner, 'text/html')).toEqual(['<p>事件详情</p>']);
    expect(parts(inner, 'text/csv')).toEqual([csv]);
  });

  it('refuses to send in clear when the key cannot be used', async () => {
    const before = smtp.messages.length;
    await expect(
      mailer.send({
        id: 'bad-key',
        to: 'soc@example.org',
        subject: 's',
        text: 'secret',
        pgpPublicKey:
          '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot a key\n-----END PGP PUBLIC KEY BLOCK-----\n',
      }),
    ).rejects.toThrow(DeliveryRefused);
    expect(smtp.messages.length).toBe(before);
  });

  it('logs in with the credentials in the URL', async () => {
    const server = await startSmtp(0, {
      authOptional: false,
      allowInsecureAuth: true, // plain text is fine on loopback in a test
      onAuth(auth, _session, callback) {
        if (auth.username === 'fenghuo' && auth.password === 's3cret:/@')
          callback(null, { user: auth.username });
        else callback(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
      },
    });
    const good = createMailer({
      url: `smtp://fenghuo:${encodeURIComponent('s3cret:/@')}@127.0.0.1:${server.port}`,
      from: 'noreply@fenghuo.test',
    });
    const bad = createMailer({
      url: `smtp://fenghuo:wrong@127.0.0.1:${server.port}`,
      from: 'noreply@fenghuo.test',
    });
    try {
      await good.send({ id: 'auth-1', to: 'soc@example.org', subject: 's', text: 't' });
      expect(server.messages.map((m) => m.user)).toEqual(['fenghuo']);
      const error = await bad
        .send({ id: 'auth-2', to: 'soc@example.org', subject: 's', text: 't' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryFailed);
      expect(error).toMatchObject({ status: 535 });
    } finally {
      good.close();
      bad.close();
      await server.close();
    }
  });

  it('fails while the server is down and sends once it is up', async () => {
    const port = await freePort();
    const down = createMailer({ url: `smtp://127.0.0.1:${port}`, from: 'noreply@fenghuo.test' });
    const message = { id: 'retry-1', to: 'soc@example.org', subject: '重试', text: 'hello' };
    try {
      const error = await down.send(message).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryFailed);
      expect((error as Error).message).toMatch(/ECONNREFUSED|connect/i);

      const server = await startSmtp(port);
      try {
        expect(await down.send(message)).toEqual({
          messageId: '<retry-1@fenghuo>',
          encrypted: false,
        });
        expect(server.messages).toHaveLength(1);
      } finally {
        await server.close();
      }
    } finally {
      down.close();
    }
  });

  it('fails on a temporary rejection (451), with the reply code', async () => {
    const server = await startSmtp(0, {
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error('Greylisted, try again later'), { responseCode: 451 }));
      },
    });
    const rejecting = createMailer({
      url: `smtp://127.0.0.1:${server.port}`,
      from: 'noreply@fenghuo.test',
    });
    try {
      const error = await rejecting
        .send({ id: 'rejected-1', to: 'soc@example.org', subject: 's', text: 't' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryFailed);
      expect(error).toMatchObject({ status: 451 });
      expect((error as Error).message).toContain('Greylisted');
      expect(server.messages).toHaveLength(0);
    } finally {
      rejecting.close();
      await server.close();
    }
  });

  it('refuses an id that cannot be a Message-ID', async () => {
    await expect(
      mailer.send({
        id: 'a>b\r\nBcc: x@example.org',
        to: 'soc@example.org',
        subject: 's',
        text: 't',
      }),
    ).rejects.toThrow(DeliveryRefused);
  });
});

// ---------------------------------------------------------------------------------------------
// Webhooks

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface Receiver {
  port: number;
  received: Received[];
  /** How the next requests are answered; 200 by default. */
  respond: (req: Received, res: http.ServerResponse) => void;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    port: 0,
    received: [],
    respond: (_req, res) => res.writeHead(200).end('ok'),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = {
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      receiver.received.push(received);
      receiver.respond(received, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  return receiver;
}

describe('webhook channel', () => {
  const secret = 'whsec_test_9f8e7d';
  const body = {
    type: 'incident.report_received',
    reference: 'FH-2025-000123',
    summary: '勒索软件',
  };
  let receiver: Receiver;
  let base: string;
  beforeAll(async () => {
    receiver = await startReceiver();
    base = `http://127.0.0.1:${receiver.port}`;
  });
  afterEach(() => {
    receiver.received.length = 0;
    receiver.respond = (_req, res) => res.writeHead(200).end('ok');
  });
  afterAll(() => receiver.close());

  it('POSTs signed JSON that the receiver can verify', async () => {
    receiver.respond = (_req, res) => res.writeHead(202).end();
    const result = await deliverWebhook(
      { url: `${base}/hooks/fenghuo?tenant=1`, secret, body, id: 'outbox-42' },
      { allowPrivate: true },
    );
    expect(result.status).toBe(202);
    expect(result.ms).toBeGreaterThanOrEqual(0);

    expect(receiver.received).toHaveLength(1);
    const req = receiver.received[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/hooks/fenghuo?tenant=1');
    expect(JSON.parse(req.body)).toEqual(body);
    expect(req.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'Fenghuo',
      'x-fenghuo-delivery': 'outbox-42',
    });
    const timestamp = req.headers['x-fenghuo-timestamp'] as string;
    const signature = req.headers['x-fenghuo-signature'] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(5);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);

    expect(verifyWebhookSignature(secret, timestamp, req.body, signature)).toBe(true);
    expect(verifyWebhookSignature(secret, timestamp, Buffer.from(req.body), signature)).toBe(true);
    expect(verifyWebhookSignature('other-secret', timestamp, req.body, signature)).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, req.body.replace('FH', 'XX'), signature)).toBe(
      false,
    );
    expect(verifyWebhookSignature(secret, Number(timestamp) + 1, req.body, signature)).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, req.body, undefined)).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, req.body, 'sha256=abc')).toBe(false);
    // A captured request replayed later is refused once outside the tolerance.
    const later = Number(timestamp) + 301;
    expect(verifyWebhookSignature(secret, timestamp, req.body, signature, 300, later)).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, req.body, signature, 300, later - 1)).toBe(
      true,
    );
  });

  it('fails on a 500, with the status, for the outbox to retry', async () => {
    receiver.respond = (_req, res) => res.writeHead(500).end('boom');
    const error = await deliverWebhook(
      { url: base, secret, body, id: 'o-500' },
      { allowPrivate: true },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryFailed);
    expect(error).toMatchObject({ status: 500 });
  });

  it('does not follow redirects', async () => {
    receiver.respond = (req, res) =>
      req.url === '/start'
        ? res.writeHead(302, { Location: '/elsewhere' }).end()
        : res.writeHead(200).end();
    const error = await deliverWebhook(
      { url: `${base}/start`, secret, body, id: 'o-302' },
      { allowPrivate: true },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryFailed);
    expect(error).toMatchObject({ status: 302 });
    expect((error as Error).message).toMatch(/redirects are not followed/);
    expect(receiver.received.map((r) => r.url)).toEqual(['/start']);
  });

  it('times out on a receiver that never answers', async () => {
    receiver.respond = () => undefined;
    const started = Date.now();
    const error = await deliverWebhook(
      { url: base, secret, body, id: 'o-slow' },
      { allowPrivate: true, timeoutMs: 300 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryFailed);
    expect((error as Error).message).toMatch(/timed out/i);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fails when nothing listens', async () => {
    const port = await freePort();
    const error = await deliverWebhook(
      { url: `http://127.0.0.1:${port}/`, secret, body, id: 'o-down' },
      { allowPrivate: true },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryFailed);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('refuses loopback unless private receivers are allowed', async () => {
    const error = await deliverWebhook({ url: base, secret, body, id: 'o-lo' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeliveryRefused);
    expect(error).toMatchObject({ addressClass: 'loopback' });
    expect((error as Error).message).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(receiver.received).toHaveLength(0);

    await expect(
      deliverWebhook({ url: 'http://[::1]:9/', secret, body, id: 'o-lo6' }),
    ).rejects.toMatchObject({
      name: 'DeliveryRefused',
      addressClass: 'loopback',
    });
    await expect(
      deliverWebhook({ url: base, secret, body, id: 'o-ok' }, { allowPrivate: true }),
    ).resolves.toMatchObject({
      status: 200,
    });
  });

  it('refuses a host that resolves to a private address, even among public ones', async () => {
    for (const addresses of [
      ['10.0.0.1'],
      ['93.184.216.34', '10.0.0.1'],
      ['2606:2800:220:1::1', 'fd00::1'],
    ]) {
      const error = await deliverWebhook(
        { url: 'https://hooks.example.org/fenghuo', secret, body, id: 'o-priv' },
        { resolve: async () => addresses },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryRefused);
      expect(error).toMatchObject({ addressClass: 'private' });
      expect((error as Error).message).toMatch(
        /hooks\.example\.org \((10\.0\.0\.1|fd00::1)\) is a private address/,
      );
    }
  });

  it('refuses metadata, unspecified, multicast and documentation addresses even when private ones are allowed', async () => {
    for (const [address, addressClass] of [
      ['169.254.169.254', 'link-local'],
      ['0.0.0.0', 'unspecified'],
      ['239.1.1.1', 'multicast'],
      ['192.0.2.10', 'reserved'],
    ]) {
      await expect(
        deliverWebhook(
          { url: `http://${address}/`, secret, body, id: 'o-x' },
          { allowPrivate: true },
        ),
      ).rejects.toMatchObject({ name: 'DeliveryRefused', addressClass });
    }
  });

  it('connects to the checked address, never resolving the name again', async () => {
    const asked: string[] = [];
    const result = await deliverWebhook(
      { url: `http://hooks.invalid:${receiver.port}/rebind`, secret, body, id: 'o-dns' },
      {
        allowPrivate: true,
        resolve: async (host) => {
          asked.push(host);
          return ['127.0.0.1'];
        },
      },
    );
    expect(result.status).toBe(200);
    expect(asked).toEqual(['hooks.invalid']);
    // `.invalid` never resolves (RFC 2606): the request can only have come through the checked address.
    expect(receiver.received[0]).toMatchObject({
      url: '/rebind',
      headers: { host: `hooks.invalid:${receiver.port}` },
    });
  });

  it('fails (to retry later) when the name does not resolve, and refuses other schemes', async () => {
    await expect(
      deliverWebhook(
        { url: 'https://hooks.invalid/', secret, body, id: 'o-nx' },
        {
          resolve: async () => {
            throw Object.assign(new Error('getaddrinfo ENOTFOUND hooks.invalid'), {
              code: 'ENOTFOUND',
            });
          },
        },
      ),
    ).rejects.toThrow(DeliveryFailed);
    await expect(
      deliverWebhook({ url: 'ftp://example.org/', secret, body, id: 'o-ftp' }),
    ).rejects.toThrow(DeliveryRefused);
    await expect(deliverWebhook({ url: 'not a url', secret, body, id: 'o-bad' })).rejects.toThrow(
      DeliveryRefused,
    );
  });
});
