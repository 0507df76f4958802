import type { Logger } from 'pino';
import type { Services } from '../services/index.js';

/** How often a watcher looks for clocks other processes started, at the longest. */
const MAX_SLEEP_MS = 1000;

/**
 * Fires incident clocks on time: handles what is due, then sleeps until the next clock's time
 * (or a second, whichever is sooner, to see clocks that other processes add), so a reminder
 * goes out within a second of its time and the worker is idle in between.
 */
export class ClockWatcher {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly services: Services,
    private readonly logger?: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        let sleep = MAX_SLEEP_MS;
        try {
          await this.services.clocks.fireDue();
          const next = await this.services.clocks.nextFireAt();
          if (next) sleep = Math.min(MAX_SLEEP_MS, Math.max(0, Date.parse(next) - Date.now()));
        } catch (error) {
          this.logger?.error({ err: error }, 'firing clocks failed');
        }
        if (this.running && sleep > 0) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, sleep);
            this.wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }
}
