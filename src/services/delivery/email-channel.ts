import { createTransport } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import MimeNode from 'nodemailer/lib/mime-node';
import * as openpgp from 'openpgp';
import { DeliveryFailed, DeliveryRefused } from '../../core/delivery/destination.js';

export interface MailerConfig {
  /** `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…` (TLS from the start). */
  url: string;
  from: string;
}

export interface MailAttachment {
  filename: string;
  content: string | Buffer;
  contentType: string;
}

export interface MailMessage {
  /** The outbox message id: it becomes the Message-ID `<id@fenghuo>`, so a retried send is recognisably the same message. */
  id: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The recipient's armored OpenPGP public key: when set, the message is sent encrypted (RFC 3156). */
  pgpPublicKey?: string | null;
  attachments?: MailAttachment[];
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string; encrypted: boolean }>;
  close(): void;
}

/** Outbox ids are UUIDs; anything else could break out of the Message-ID's angle brackets. */
const MESSAGE_ID_PART = /^[A-Za-z0-9._-]+$/;

/**
 * An SMTP mailer. Every failure to hand the message over (connection, TLS, authentication,
 * a 4xx or 5xx reply, a rejected recipient) throws `DeliveryFailed` with the SMTP reply code
 * as `status` when there is one, for the outbox to retry; an unusable OpenPGP key throws
 * `DeliveryRefused`, because a message meant to be encrypted is never sent in clear instead.
 */
export function createMailer(config: MailerConfig): Mailer {
  const transport = createTransport({
    url: config.url,
    // nodemailer waits minutes by default; a worker would rather fail and retry later.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    // Content is given inline; nothing in a message may make the server read files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  });

  return {
    async send(message) {
      if (!MESSAGE_ID_PART.test(message.id)) {
        throw new DeliveryRefused(`${message.id} cannot be used in a Message-ID.`);
      }
      const messageId = `<${message.id}@fenghuo>`;
      const content = {
        text: message.text,
        ...(message.html === undefined ? {} : { html: message.html }),
        attachments: message.attachments ?? [],
      };
      try {
        let info;
        if (message.pgpPublicKey) {
          const raw = await encryptedMessage(
            { from: config.from, to: message.to, subject: message.subject, messageId },
            content,
            message.pgpPublicKey,
          );
          info = await transport.sendMail({
            envelope: { from: config.from, to: [message.to] },
            raw,
          });
        } else {
          info = await transport.sendMail({
            from: config.from,
            to: message.to,
            subject: message.subject,
            messageId,
            ...content,
          });
        }
        if (info.rejected.length > 0) {
          throw new DeliveryFailed(`The SMTP server rejected ${info.rejected.join(', ')}.`);
        }
        return { messageId, encrypted: Boolean(message.pgpPublicKey) };
      } catch (error) {
        if (error instanceof DeliveryFailed || error instanceof DeliveryRefused) throw error;
        const { responseCode, message: reason } = error as Error & { responseCode?: number };
        throw new DeliveryFailed(`E-mail to ${message.to} failed: ${reason}`, responseCode, {
          cause: error,
        });
      }
    },
    close() {
      transport.close();
    },
  };
}

/**
 * An RFC 3156 PGP/MIME message: the whole MIME entity (text, HTML, attachments) is built as
 * usual, encrypted to the recipient's key, and carried in a `multipart/encrypted` envelope.
 * The headers outside the encryption (From, To, Subject, Date, Message-ID) travel in clear:
 * mail servers need them and most clients show only the outer subject, so subjects must not
 * carry confidential detail.
 */
async function encryptedMessage(
  headers: { from: string; to: string; subject: string; messageId: string },
  content: { text: string; html?: string; attachments: MailAttachment[] },
  armoredKey: string,
): Promise<Buffer> {
  // Built as a standalone message, the inner entity also carries Date, Message-ID and
  // MIME-Version; they are harmless there, and its Message-ID matches the outer one.
  const inner = await new MailComposer({
    ...content,
    messageId: headers.messageId,
    disableFileAccess: true,
    disableUrlAccess: true,
  })
    .compile()
    .build();

  let encrypted: string;
  try {
    const key = await openpgp.readKey({ armoredKey });
    encrypted = await openpgp.encrypt({
      message: await openpgp.createMessage({ binary: inner }),
      encryptionKeys: key,
    });
  } catch (error) {
    throw new DeliveryRefused(
      `The OpenPGP key of ${headers.to} cannot be used to encrypt: ${(error as Error).message}`,
    );
  }

  const outer = new MimeNode('multipart/encrypted; protocol="application/pgp-encrypted"');
  outer.setHeader({
    From: headers.from,
    To: headers.to,
    Subject: headers.subject,
    'Message-ID': headers.messageId,
  });
  // RFC 3156 §4: the first part identifies the version, the second carries the ciphertext;
  // both are plain ASCII, so 7bit keeps them readable to clients that check.
  outer
    .createChild('application/pgp-encrypted')
    .setHeader({
      'Content-Description': 'PGP/MIME version identification',
      'Content-Transfer-Encoding': '7bit',
    })
    .setContent('Version: 1\r\n');
  outer
    .createChild('application/octet-stream', { filename: 'encrypted.asc' })
    .setHeader({
      'Content-Description': 'OpenPGP encrypted message',
      'Content-Disposition': 'inline',
      'Content-Transfer-Encoding': '7bit',
    })
    // openpgp armors with bare LF; SMTP and RFC 3156 want CRLF line ends.
    .setContent(encrypted.replace(/\r?\n/g, '\r\n'));
  return outer.build();
}
