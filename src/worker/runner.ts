import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { DELIVER_MESSAGE_JOB } from '../services/unit-of-work.js';
import type { Services } from '../services/index.js';
import type { Job } from '../services/job.service.js';
import { deliverMessage } from './jobs/deliver-message.job.js';
import { purgeSessions } from './jobs/purge-sessions.job.js';
import { followUpFindings, pullFeeds, sendDigests } from './jobs/feeds.job.js';
import { FOLLOW_UP_JOB, SEND_DIGESTS_JOB } from '../services/digest.service.js';
import { PULL_FEEDS_JOB } from '../services/feed.service.js';
import { PULL_ADVISORIES_JOB } from '../services/advisory-source.service.js';
import { FOLLOW_UP_WARNINGS_JOB } from '../services/warning.service.js';
import { followUpWarnings, pullAdvisorySources } from './jobs/advisories.job.js';

export interface JobHandler {
  run(payload: unknown, services: Services): Promise<void>;
  /** Called once the job has failed its last attempt. */
  onDead?(payload: unknown, services: Services, error: string): Promise<void>;
}

/** Every job kind the worker runs. An unknown kind fails, and after its retries is dead. */
export const HANDLERS: Record<string, JobHandler> = {
  [DELIVER_MESSAGE_JOB]: deliverMessage,
  'sessions.purge': purgeSessions,
  [SEND_DIGESTS_JOB]: sendDigests,
  [FOLLOW_UP_JOB]: followUpFindings,
  [PULL_FEEDS_JOB]: pullFeeds,
  [PULL_ADVISORIES_JOB]: pullAdvisorySources,
  [FOLLOW_UP_WARNINGS_JOB]: followUpWarnings,
};

export interface WorkerOptions {
  id?: string;
  batch?: number;
  /** How long a claimed job is this worker's before another may take it over. */
  leaseSeconds?: number;
  idleMs?: number;
  logger?: Logger;
}

/** Claims due jobs in batches and runs them; failures are retried with backoff, then dead. */
export class Worker {
  readonly id: string;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly services: Services,
    private readonly options: WorkerOptions = {},
  ) {
    this.id = options.id ?? `${hostname()}:${process.pid}`;
  }

  /** Runs one batch; returns how many jobs it ran. */
  async runOnce(): Promise<number> {
    const jobs = await this.services.jobs.claim(
      this.id,
      this.options.batch ?? 20,
      this.options.leaseSeconds ?? 300,
    );
    await Promise.all(jobs.map((job) => this.run(job)));
    return jobs.length;
  }

  private async run(job: Job): Promise<void> {
    const handler = HANDLERS[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler.run(job.payload, this.services);
      await this.services.jobs.complete(job.id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger?.warn(
        { err: error, job: job.id, kind: job.kind, attempt: job.attempts },
        'job failed',
      );
      const dead = await this.services.jobs.fail(job, message);
      if (dead) await handler?.onDead?.(job.payload, this.services, message);
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        let ran = 0;
        try {
          ran = await this.runOnce();
        } catch (error) {
          this.options.logger?.error({ err: error }, 'claiming jobs failed');
        }
        if (ran === 0 && this.running) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.options.idleMs ?? 500);
            this.wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      }
    })();
  }

  /** Stops after the batch in hand; jobs are never abandoned half run. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }
}
