import type { JobHandler } from '../runner.js';

/** Delivers one outbox message to its channel (the in-app inbox for now). */
export const deliverMessage: JobHandler = async (payload, services) => {
  const { messageId } = payload as { messageId: string };
  await services.inbox.deliver(messageId);
};
