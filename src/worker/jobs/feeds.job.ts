import type { JobHandler } from '../runner.js';

/** Sends the digests that are due. */
export const sendDigests: JobHandler = {
  run: async (_payload, services) => {
    await services.digests.sendDue();
  },
};

/** Re-sends unanswered findings, then escalates them. */
export const followUpFindings: JobHandler = {
  run: async (_payload, services) => {
    await services.digests.followUp();
  },
};

/** Pulls the feeds whose interval has come round. */
export const pullFeeds: JobHandler = {
  run: async (_payload, services) => {
    await services.feeds.pullDue();
  },
};
