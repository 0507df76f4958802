import type { JobHandler } from '../runner.js';

/** Removes expired web sessions so the table does not grow without end. */
export const purgeSessions: JobHandler = {
  run: async (_payload, services) => {
    await services.auth.purgeExpiredSessions();
  },
};
