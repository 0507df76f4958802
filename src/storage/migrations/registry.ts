import type { Migration } from 'kysely';
import type { Dialect } from '../database.js';
import { initial } from './20261128000000-initial.js';
import { incidents } from './20261128010000-incidents.js';
import { delivery } from './20261128020000-delivery.js';
import { attachments } from './20261128030000-attachments.js';
import { feeds } from './20261128040000-feeds.js';
import { advisories } from './20261128050000-advisories.js';

/** Every migration, by name, in order. Never edit one that has landed; add a new one. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '20261128000000-initial': initial(dialect),
    '20261128010000-incidents': incidents(dialect),
    '20261128020000-delivery': delivery(dialect),
    '20261128030000-attachments': attachments(dialect),
    '20261128040000-feeds': feeds(dialect),
    '20261128050000-advisories': advisories(dialect),
  };
}
