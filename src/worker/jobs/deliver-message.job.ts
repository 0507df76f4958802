import type { JobHandler } from '../runner.js';

/** Delivers one outbox message on its channel; when its retries are spent, the coordinators hear of it. */
export const deliverMessage: JobHandler = {
  run: async (payload, services) => {
    await services.delivery.deliver((payload as { messageId: string }).messageId);
  },
  onDead: async (payload, services, error) => {
    await services.delivery.failedForGood((payload as { messageId: string }).messageId, error);
  },
};
