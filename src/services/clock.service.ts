import type { Organisation } from '../contract/registry.js';
import { SYSTEM } from '../core/auth/policy.js';
import { DEFAULT_REMINDERS, nextFireAt } from '../core/reporting/clocks.js';
import type { Language } from '../core/registry/vocabulary.js';
import { isoNow } from '../core/time.js';
import type { Database } from '../storage/database.js';
import type { StoredClock } from '../storage/repositories/incident.repository.js';
import { incidentLink } from './incident.service.js';
import { authoritiesFor } from './routing.js';
import type { RulesService } from './rules.service.js';
import { inTransaction, repositories, type UnitOfWork } from './unit-of-work.js';

const BATCH = 500;

/** A span of milliseconds for people: `1 h 5 min`, `40 min`, `12 s`. */
function span(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes === 0) return `${Math.round(Math.abs(ms) / 1000)} s`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  return [days && `${days} d`, hours && `${hours} h`, minutes % 60 && `${minutes % 60} min`]
    .filter(Boolean)
    .join(' ');
}

/**
 * Supervision of deadlines: reminders before a clock falls due, the overdue mark at the due
 * time, and the notices that go with them — to whoever owes the report, and for a missed
 * deadline also to the authority above the reporter and to the national coordinator.
 */
export class ClockService {
  constructor(
    private readonly database: Database,
    private readonly rules: RulesService,
    private readonly now: () => string = isoNow,
  ) {}

  /** Acts on every clock whose time has come, in batches; returns how many it handled. */
  async fireDue(): Promise<number> {
    let handled = 0;
    for (;;) {
      const batch = await inTransaction(this.database, SYSTEM, async (uow) => {
        const now = this.now();
        const due = await uow.repos.incidents.dueClocks(now, BATCH);
        // Looked up once a batch: every missed deadline is also told to the coordinators.
        const coordinators =
          due.length > 0 ? await uow.repos.organisations.byKind('coordinator') : [];
        for (const clock of due) await this.fire(uow, clock, now, coordinators);
        return due.length;
      });
      handled += batch;
      if (batch < BATCH) return handled;
    }
  }

  /** When the next clock needs attention, so a watcher can sleep until then. */
  async nextFireAt(): Promise<string | null> {
    return repositories(this.database.db, this.database.dialect).incidents.nextFireAt();
  }

  private async fire(
    uow: UnitOfWork,
    clock: StoredClock,
    now: string,
    coordinators: readonly Organisation[],
  ): Promise<void> {
    const incident = (await uow.repos.incidents.get(clock.incidentId))!;
    const reporter = (await uow.repos.organisations.get(incident.reporterOrgId))!;
    const pack = this.rules.pack(clock.pack);
    const label = (language: Language) =>
      (clock.kind === 'stage'
        ? pack?.stages.find((s) => s.id === clock.ref)?.label
        : pack?.escalations.find((e) => e.id === clock.ref)?.label)?.[language] ?? clock.ref;
    // Stage reports are owed by the reporter; escalations by the authorities the pack names.
    const owers =
      clock.kind === 'stage' || !pack
        ? [reporter]
        : await authoritiesFor(uow.repos, pack, clock.owedBy, reporter);
    const overdue = clock.dueAt !== null && clock.dueAt <= now;
    if (overdue) {
      const updated: StoredClock = { ...clock, state: 'overdue', nextFireAt: null };
      await uow.repos.incidents.saveClocks(incident.id, [updated], []);
      const supervisors = [
        ...(reporter.parentId ? [await uow.repos.organisations.get(reporter.parentId)] : []),
        ...coordinators,
      ].filter((o): o is NonNullable<typeof o> => o !== null);
      const told = new Set<string>();
      for (const org of [...owers, ...supervisors]) {
        if (told.has(org.id)) continue;
        told.add(org.id);
        await uow.notify({
          orgId: org.id,
          userId: null,
          language: org.language,
          template: 'incident.overdue',
          params: {
            reference: incident.reference,
            stage: label(org.language),
            dueAt: clock.dueAt,
            lateBy: span(Date.parse(now) - Date.parse(clock.dueAt!)),
            link: incidentLink(incident.id),
          },
        });
      }
      await uow.audit('incident.clock_overdue', 'incident', incident.id, {
        clock: `${clock.pack}/${clock.kind}/${clock.ref}`,
        dueAt: clock.dueAt,
        told: [...told],
      });
      return;
    }
    const remindersSent = clock.remindersSent + 1;
    await uow.repos.incidents.saveClocks(
      incident.id,
      [
        {
          ...clock,
          remindersSent,
          nextFireAt: nextFireAt(clock, pack?.reminders ?? DEFAULT_REMINDERS, remindersSent),
        },
      ],
      [],
    );
    for (const org of owers) {
      await uow.notify({
        orgId: org.id,
        userId: null,
        language: org.language,
        template: 'incident.deadline_reminder',
        params: {
          reference: incident.reference,
          stage: label(org.language),
          dueAt: clock.dueAt,
          timeLeft: span(Date.parse(clock.dueAt!) - Date.parse(now)),
          link: incidentLink(incident.id),
        },
      });
    }
  }
}
