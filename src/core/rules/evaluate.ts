import type { Language } from '../registry/vocabulary.js';
import { CALENDARS } from './calendars.js';
import { dueAt, type Deadline } from './deadline.js';
import type { Facts } from './facts.js';
import type { Anchor, Certainty, Predicate, RulePack } from './pack.js';

type Label = Record<Language, string>;

/** When each anchor happened, as far as is known; a stage's `previous_stage` is the stage before's submission. */
export interface Timeline {
  anchors: Partial<Record<Exclude<Anchor, 'previous_stage'>, string>>;
  submitted: Record<string, string>;
}

export interface GradeHit {
  criterion: string;
  criterionLabel: Label;
  grade: string;
  source: string;
  certainty: Certainty;
}

export interface DueObligation {
  stage: string;
  stageLabel: Label;
  requiredFields: string[];
  deadline: Deadline;
  anchor: Anchor;
  /** When the anchor happened; null while it has not (the clock has not started). */
  anchorAt: string | null;
  due: string | null;
  immediate: boolean;
  recipients: { id: string; label: Label }[];
  source: string;
  certainty: Certainty;
  /** False when the holiday calendar does not cover the dates counted: the due time is then a best effort. */
  calendarCovered: boolean;
}

export interface DueEscalation extends Omit<
  DueObligation,
  'stage' | 'stageLabel' | 'requiredFields'
> {
  escalation: string;
  escalationLabel: Label;
  from: { id: string; label: Label }[];
}

export interface Evaluation {
  pack: string;
  applies: boolean;
  grade: { code: string; rank: number; label: Label };
  /** Every criterion that gave a grade; the highest of them is the grade. */
  explanation: GradeHit[];
  reportable: boolean;
  obligations: DueObligation[];
  escalations: DueEscalation[];
}

/**
 * Whether a predicate holds. An unknown fact satisfies no comparison but `known` fails on it,
 * so a criterion never fires on a fact nobody has stated.
 * @example holds({ fact: 'impact.personalRecordsLeaked', op: 'gte', value: 1e6 }, { 'impact.personalRecordsLeaked': 2e6 }, () => 0) // true
 */
export function holds(
  predicate: Predicate,
  facts: Facts,
  rankOf: (grade: string) => number,
  gradeRank = 0,
): boolean {
  if ('all' in predicate) return predicate.all.every((p) => holds(p, facts, rankOf, gradeRank));
  if ('any' in predicate) return predicate.any.some((p) => holds(p, facts, rankOf, gradeRank));
  if ('not' in predicate) return !holds(predicate.not, facts, rankOf, gradeRank);
  if ('gradeAtLeast' in predicate) return gradeRank >= rankOf(predicate.gradeAtLeast);
  const actual = facts[predicate.fact as keyof Facts];
  const expected = predicate.value;
  if (predicate.op === 'known') return actual !== undefined && actual !== null;
  if (actual === undefined || actual === null) return false;
  switch (predicate.op) {
    case 'true':
      return actual === true;
    case 'false':
      return actual === false;
    case 'eq':
      return actual === expected;
    case 'ne':
      return actual !== expected;
    case 'in':
      return Array.isArray(expected) && expected.includes(actual as string | number);
    case 'gte':
      return typeof actual === 'number' && typeof expected === 'number' && actual >= expected;
    case 'gt':
      return typeof actual === 'number' && typeof expected === 'number' && actual > expected;
    case 'lte':
      return typeof actual === 'number' && typeof expected === 'number' && actual <= expected;
    case 'lt':
      return typeof actual === 'number' && typeof expected === 'number' && actual < expected;
  }
}

/**
 * What one rule pack says of one incident: whether it applies, its grade and why, and every
 * report owed, to whom and by when, plus the escalations the recipients owe.
 */
export function evaluatePack(
  pack: RulePack,
  facts: Facts,
  timeline: Timeline,
  override?: { grade: string; reason: string },
): Evaluation {
  const grades = new Map(pack.grading.grades.map((g) => [g.code, g]));
  const rankOf = (code: string) => grades.get(code)?.rank ?? Number.POSITIVE_INFINITY;
  const fallback = grades.get(pack.grading.default)!;
  // A pack binds incidents from its effective date on; without a known time, assume it does.
  const when = timeline.anchors.aware ?? timeline.anchors.detected ?? timeline.anchors.occurred;
  const inForce = !when || when.slice(0, 10) >= pack.effectiveFrom;
  const applies = inForce && holds(pack.appliesTo, facts, rankOf);

  const explanation: GradeHit[] = [];
  for (const criterion of pack.grading.criteria) {
    if (criterion.when && !holds(criterion.when as Predicate, facts, rankOf)) continue;
    // Thresholds are listed most severe first; the first that holds is this criterion's grade.
    const hit = criterion.thresholds.find((t) => holds(t.test as Predicate, facts, rankOf));
    if (hit)
      explanation.push({
        criterion: criterion.id,
        criterionLabel: criterion.label,
        grade: hit.grade,
        source: hit.source,
        certainty: hit.certainty,
      });
  }
  let grade = explanation.reduce(
    (best, hit) => (rankOf(hit.grade) > best.rank ? grades.get(hit.grade)! : best),
    fallback,
  );
  // A coordinator's or authority's override replaces the computed grade, and says so.
  if (override && grades.has(override.grade)) {
    grade = grades.get(override.grade)!;
    explanation.push({
      criterion: 'override',
      criterionLabel: { 'zh-CN': '人工定级', en: 'Grade set by hand' },
      grade: grade.code,
      source: override.reason,
      certainty: 'confirmed',
    });
  }
  const reportable = applies && grade.rank >= rankOf(pack.grading.reportableFrom);

  const recipient = (id: string) => ({ id, label: pack.recipients[id]!.label });
  const calendar = CALENDARS[pack.calendar];
  const schedule = (deadline: Deadline, anchor: Anchor, previousStage: string | null) => {
    const anchorAt =
      anchor === 'previous_stage'
        ? previousStage
          ? (timeline.submitted[previousStage] ?? null)
          : null
        : (timeline.anchors[anchor] ?? null);
    if (deadline.kind === 'immediately')
      return { anchorAt, due: anchorAt, immediate: true, calendarCovered: true };
    if (!anchorAt) return { anchorAt, due: null, immediate: false, calendarCovered: true };
    const result = dueAt(anchorAt, deadline, calendar);
    return {
      anchorAt,
      due: result.due,
      immediate: result.immediate,
      calendarCovered: result.calendarCovered,
    };
  };

  const obligations: DueObligation[] = [];
  if (reportable) {
    pack.stages.forEach((stage, i) => {
      const obligation = stage.obligations.find(
        (o) => !o.when || holds(o.when as Predicate, facts, rankOf, grade.rank),
      );
      if (!obligation) return;
      obligations.push({
        stage: stage.id,
        stageLabel: stage.label,
        requiredFields: [
          ...stage.requiredFields,
          ...(stage.conditionalFields ?? [])
            .filter((c) => holds(c.when as Predicate, facts, rankOf, grade.rank))
            .flatMap((c) => c.fields),
        ],
        deadline: obligation.deadline as Deadline,
        anchor: obligation.anchor,
        ...schedule(
          obligation.deadline as Deadline,
          obligation.anchor,
          pack.stages[i - 1]?.id ?? null,
        ),
        recipients: obligation.recipients.map(recipient),
        source: obligation.source,
        certainty: obligation.certainty,
      });
    });
  }

  const firstStage = pack.stages[0]!.id;
  const escalations: DueEscalation[] = reportable
    ? pack.escalations
        .filter((e) => holds(e.when as Predicate, facts, rankOf, grade.rank))
        .map((e) => ({
          escalation: e.id,
          escalationLabel: e.label,
          deadline: e.deadline as Deadline,
          anchor: e.anchor,
          ...schedule(e.deadline as Deadline, e.anchor, firstStage),
          from: e.from.map(recipient),
          recipients: e.to.map(recipient),
          source: e.source,
          certainty: e.certainty,
        }))
    : [];

  return {
    pack: pack.id,
    applies,
    grade: { code: grade.code, rank: grade.rank, label: grade.label },
    explanation,
    reportable,
    obligations,
    escalations,
  };
}

/** An authority as routing sees it: its function(s) and remit. */
export interface RoutableAuthority {
  id: string;
  functions: readonly string[];
  sectors: readonly string[];
  regions: readonly string[];
}

/**
 * The registry authorities a pack recipient means for one reporter: those with the function
 * whose remit covers the reporter's sector (`sector`), region (`region`), or the whole
 * country (`national`: a remit naming no sector and no region).
 */
export function selectAuthorities(
  spec: { function: string; match: 'sector' | 'region' | 'national' },
  reporter: { sector: string | null; region: string | null },
  authorities: readonly RoutableAuthority[],
): RoutableAuthority[] {
  return authorities.filter((a) => {
    if (!a.functions.includes(spec.function)) return false;
    switch (spec.match) {
      case 'sector':
        return (
          reporter.sector !== null &&
          a.sectors.includes(reporter.sector) &&
          (a.regions.length === 0 ||
            (reporter.region !== null && a.regions.includes(reporter.region)))
        );
      case 'region':
        return reporter.region !== null && a.regions.includes(reporter.region);
      case 'national':
        return a.sectors.length === 0 && a.regions.length === 0;
    }
  });
}
