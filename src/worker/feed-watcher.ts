import type { Logger } from 'pino';
import type { Services } from '../services/index.js';

const POLL_MS = 10_000;

/**
 * Ingests files dropped into a watched directory (`<dir>/<feed name>/<file>`). Polling rather
 * than file-system events: it behaves the same on network shares and after a restart.
 */
export class FeedWatcher {
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly services: Services,
    private readonly dir: string,
    private readonly logger?: Logger,
  ) {}

  start(): void {
    const scan = () => {
      this.scanning = this.services.feeds
        .ingestWaiting(this.dir)
        .catch((error: unknown) =>
          this.logger?.error({ err: error, dir: this.dir }, 'watched feed directory failed'),
        );
    };
    scan();
    this.timer = setInterval(() => void this.scanning.then(scan), POLL_MS);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.scanning;
  }
}
