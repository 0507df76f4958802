import type { JobHandler } from '../runner.js';

/** Pulls the advisory sources (CSAF providers, KEV) whose interval has come round. */
export const pullAdvisorySources: JobHandler = {
  run: async (_payload, services) => {
    await services.advisorySources.pullDue();
  },
};

/** Reminds recipients late on a warning, then escalates them. */
export const followUpWarnings: JobHandler = {
  run: async (_payload, services) => {
    await services.warnings.followUp();
  },
};
