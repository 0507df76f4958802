import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM } from '../src/core/auth/policy.js';
import { createMailer, type Mailer } from '../src/services/delivery/email-channel.js';
import { verifyWebhookSignature } from '../src/services/delivery/webhook-channel.js';
import { createServices, type Services } from '../src/services/index.js';
import { inTransaction } from '../src/services/unit-of-work.js';
import { Worker } from '../src/worker/runner.js';
import { describeEachDialect } from './helpers/db.js';
import { organisationFields } from './helpers/factories.js';

interface Captured {
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that keeps what it receives; `down` makes it refuse mail with 451. */
function smtpServer(mails: Captured[], state: { down: boolean }) {
  return new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(_address, _session, callback) {
      if (state.down)
        return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
}

describeEachDialect('delivery through the outbox', (db) => {
  const mails: Captured[] = [];
  const hooks: { headers: IncomingMessage['headers']; body: string }[] = [];
  const smtpState = { down: false };
  let smtp: SMTPServer;
  let receiver: Server;
  let mailer: Mailer;
  let services: Services;
  let orgId = '';
  let secret = '';

  const drain = async () => {
    while ((await new Worker(services).runOnce()) > 0);
  };

  beforeAll(async () => {
    smtp = smtpServer(mails, smtpState);
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        hooks.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    mailer = createMailer({
      url: `smtp://127.0.0.1:${smtpPort}`,
      from: 'Fenghuo <fenghuo@example.org>',
    });
    services = createServices(db(), {
      delivery: { mailer, publicUrl: 'https://fenghuo.example.org', allowPrivateWebhooks: true },
    });
    await services.registry.createOrganisation(
      SYSTEM,
      organisationFields({ kind: 'coordinator', region: 'CN-BJ', sector: null }),
    );
    const org = await services.registry.createOrganisation(SYSTEM, organisationFields());
    orgId = org.id;
    await services.registry.createContact(SYSTEM, orgId, {
      name: '值班室',
      email: 'duty@ops.example.cn',
      role: 'duty_desk',
      language: 'zh-CN',
    });
    await services.registry.createContact(SYSTEM, orgId, {
      name: 'CISO',
      email: 'ciso@ops.example.cn',
      role: 'security_lead',
      language: 'en',
    });
    await services.registry.createContact(SYSTEM, orgId, {
      name: 'Legal',
      email: 'legal@ops.example.cn',
      role: 'legal',
      preferences: { channels: ['inbox'], digest: 'daily', digestHour: 9 },
    });
    const port = (receiver.address() as AddressInfo).port;
    secret = (
      await services.registry.createWebhook(SYSTEM, orgId, {
        url: `http://127.0.0.1:${port}/fenghuo`,
      })
    ).secret;
  });

  afterAll(async () => {
    mailer.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  const notify = () =>
    inTransaction(db(), SYSTEM, (uow) =>
      uow.notify({
        orgId,
        userId: null,
        language: 'zh-CN',
        template: 'incident.deadline_reminder',
        params: {
          reference: 'FH-2026-000042',
          stage: '首报',
          dueAt: '2026-11-28T10:00:00Z',
          timeLeft: '30 min',
          link: '/incidents/x',
        },
      }),
    );

  it('fans a notice out to the inbox, each e-mail contact in their language, and the signed webhook', async () => {
    await notify();
    await drain();
    const inbox = await db()
      .db.selectFrom('inbox_messages')
      .select('subject')
      .where('org_id', '=', orgId)
      .execute();
    expect(inbox.map((m) => m.subject).join()).toContain('FH-2026-000042');
    expect(mails.map((m) => m.to[0]).sort()).toEqual([
      'ciso@ops.example.cn',
      'duty@ops.example.cn',
    ]);
    const english = mails.find((m) => m.to[0] === 'ciso@ops.example.cn')!;
    expect(english.raw).toContain('https://fenghuo.example.org/incidents/x');
    expect(hooks).toHaveLength(1);
    const hook = hooks[0]!;
    expect(
      verifyWebhookSignature(
        secret,
        String(hook.headers['x-fenghuo-timestamp']),
        hook.body,
        String(hook.headers['x-fenghuo-signature']),
      ),
    ).toBe(true);
    expect(JSON.parse(hook.body)).toMatchObject({
      event: 'incident.deadline_reminder',
      params: { reference: 'FH-2026-000042' },
    });
    const attempts = await db().db.selectFrom('delivery_attempts').selectAll().execute();
    expect(attempts.filter((a) => a.ok === 1)).toHaveLength(3);
  });

  it('loses nothing while the SMTP server refuses mail, and sends each message exactly once when it is back', async () => {
    mails.length = 0;
    smtpState.down = true;
    await notify();
    await drain();
    expect(mails).toHaveLength(0);
    const failed = await db()
      .db.selectFrom('delivery_attempts')
      .selectAll()
      .where('ok', '=', 0)
      .execute();
    expect(failed.length).toBeGreaterThanOrEqual(2);
    smtpState.down = false;
    // Make the retries due now rather than after their backoff.
    await db()
      .db.updateTable('jobs')
      .set({ run_at: new Date().toISOString() })
      .where('state', '=', 'queued')
      .execute();
    await drain();
    expect(mails.map((m) => m.to[0]).sort()).toEqual([
      'ciso@ops.example.cn',
      'duty@ops.example.cn',
    ]);
    await db()
      .db.updateTable('jobs')
      .set({ run_at: new Date().toISOString() })
      .where('state', '=', 'queued')
      .execute();
    await drain();
    expect(mails).toHaveLength(2);
  });

  it('tells the coordinators when a delivery fails for good', async () => {
    const [outgoing] = await db()
      .db.selectFrom('outbox')
      .select('id')
      .where('channel', '=', 'email')
      .limit(1)
      .execute();
    await db()
      .db.updateTable('outbox')
      .set({ state: 'pending' })
      .where('id', '=', outgoing!.id)
      .execute();
    await services.delivery.failedForGood(outgoing!.id, 'mailbox unavailable');
    await drain();
    const alerts = await db()
      .db.selectFrom('inbox_messages')
      .innerJoin('organisations', 'organisations.id', 'inbox_messages.org_id')
      .select('subject')
      .where('organisations.kind', '=', 'coordinator')
      .execute();
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    expect(
      (
        await db()
          .db.selectFrom('outbox')
          .select('state')
          .where('id', '=', outgoing!.id)
          .executeTakeFirstOrThrow()
      ).state,
    ).toBe('failed');
  });
});
