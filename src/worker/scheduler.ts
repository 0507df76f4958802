import type { Logger } from 'pino';
import { FOLLOW_UP_JOB, SEND_DIGESTS_JOB } from '../services/digest.service.js';
import { PULL_FEEDS_JOB } from '../services/feed.service.js';
import { PULL_ADVISORIES_JOB } from '../services/advisory-source.service.js';
import { FOLLOW_UP_WARNINGS_JOB } from '../services/warning.service.js';
import type { Services } from '../services/index.js';

/** The recurring jobs: name, job kind, interval. */
const RECURRING = [
  { name: 'purge-expired-sessions', kind: 'sessions.purge', intervalSeconds: 3600 },
  { name: 'send-digests', kind: SEND_DIGESTS_JOB, intervalSeconds: 60 },
  { name: 'follow-up-findings', kind: FOLLOW_UP_JOB, intervalSeconds: 3600 },
  { name: 'pull-feeds', kind: PULL_FEEDS_JOB, intervalSeconds: 60 },
  { name: 'pull-advisory-sources', kind: PULL_ADVISORIES_JOB, intervalSeconds: 60 },
  { name: 'follow-up-warnings', kind: FOLLOW_UP_WARNINGS_JOB, intervalSeconds: 600 },
] as const;

/**
 * Enqueues recurring jobs when due. Any number of processes may run one: each tick is a
 * transaction that only one of them can hold at a time (see JobService.tick).
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly services: Services,
    private readonly options: { tickMs?: number; logger?: Logger } = {},
  ) {}

  async start(): Promise<void> {
    for (const r of RECURRING)
      await this.services.jobs.defineSchedule(r.name, r.kind, {}, r.intervalSeconds);
    const tick = () => {
      this.ticking = this.services.jobs
        .tick()
        .catch((error: unknown) =>
          this.options.logger?.error({ err: error }, 'scheduler tick failed'),
        );
    };
    tick();
    this.timer = setInterval(tick, this.options.tickMs ?? 5000);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
  }
}
