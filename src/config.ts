import { fileURLToPath } from 'node:url';

export type Role = 'api' | 'worker' | 'all';

/** Everything the process reads from its environment, checked once at start. */
export interface Config {
  readonly databaseUrl: string;
  readonly host: string;
  readonly port: number;
  readonly adminPassword: string | null;
  readonly logLevel: string;
  readonly webDir: string;
  readonly secureCookies: boolean;
  readonly loadDemo: boolean;
  /** `smtp://user:pass@host:port` or `smtps://…`; without it, notices reach the inbox and webhooks only. */
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  /** The address people reach Fenghuo at, for links in e-mails. */
  readonly publicUrl: string;
  readonly webhooksAllowPrivate: boolean;
  /** A directory the worker watches for feed files, one sub-directory per feed; null: none. */
  readonly feedDir: string | null;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads the FENGHUO_* variables; every bad one is reported together, not just the first. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const databaseUrl = env.FENGHUO_DATABASE_URL ?? 'sqlite:./var/fenghuo.db';
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    problems.push('FENGHUO_DATABASE_URL must be sqlite:PATH, sqlite::memory: or postgres://…');
  }
  const port = Number(env.FENGHUO_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push('FENGHUO_PORT must be a port number (0-65535)');
  const adminPassword = env.FENGHUO_ADMIN_PASSWORD ?? null;
  if (adminPassword !== null && adminPassword.length < 12)
    problems.push('FENGHUO_ADMIN_PASSWORD must be at least 12 characters');
  const logLevel = env.FENGHUO_LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`FENGHUO_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const flag = (name: string, fallback: boolean) => {
    const value = env[name];
    if (value === undefined) return fallback;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    problems.push(`${name} must be true or false`);
    return fallback;
  };
  const config: Config = {
    databaseUrl,
    host: env.FENGHUO_HOST ?? '127.0.0.1',
    port,
    adminPassword,
    logLevel,
    webDir: env.FENGHUO_WEB_DIR ?? fileURLToPath(new URL('../dist/web', import.meta.url)),
    secureCookies: flag('FENGHUO_SECURE_COOKIES', false),
    loadDemo: flag('FENGHUO_DEMO', true),
    smtpUrl: env.FENGHUO_SMTP_URL ?? null,
    mailFrom: env.FENGHUO_MAIL_FROM ?? 'Fenghuo <fenghuo@localhost>',
    publicUrl: (
      env.FENGHUO_PUBLIC_URL ?? `http://${env.FENGHUO_HOST ?? '127.0.0.1'}:${port}`
    ).replace(/\/$/, ''),
    webhooksAllowPrivate: flag('FENGHUO_WEBHOOKS_ALLOW_PRIVATE', false),
    feedDir: env.FENGHUO_FEED_DIR ?? null,
  };
  if (config.smtpUrl !== null && !/^smtps?:\/\//.test(config.smtpUrl))
    problems.push('FENGHUO_SMTP_URL must be smtp://… or smtps://…');
  if (!/^https?:\/\//.test(config.publicUrl))
    problems.push('FENGHUO_PUBLIC_URL must be an http(s) URL');
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
