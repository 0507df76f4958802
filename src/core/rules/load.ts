import { Value } from '@sinclair/typebox/value';
import '../formats.js';
import { CALENDARS } from './calendars.js';
import { FACTS } from './facts.js';
import { RulePackSchema, type Predicate, type RulePack } from './pack.js';

export interface PackProblem {
  file: string;
  path: string;
  reason: string;
}

/**
 * Parses and checks one rule pack file: the schema first, then what a schema cannot say
 * (grades, recipients, facts and the calendar it names must exist). Every problem is listed.
 */
export function parseRulePack(
  text: string,
  file: string,
): { pack: RulePack; problems: [] } | { pack: null; problems: PackProblem[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      pack: null,
      problems: [{ file, path: '/', reason: `not valid JSON: ${(error as Error).message}` }],
    };
  }
  if (!Value.Check(RulePackSchema, json)) {
    const seen = new Set<string>();
    const problems: PackProblem[] = [];
    for (const e of Value.Errors(RulePackSchema, json)) {
      if (seen.has(e.path)) continue;
      seen.add(e.path);
      problems.push({ file, path: e.path || '/', reason: e.message });
    }
    return { pack: null, problems };
  }
  const pack = json as RulePack;
  const problems = crossReferenceProblems(pack).map((p) => ({ file, ...p }));
  return problems.length > 0 ? { pack: null, problems } : { pack, problems: [] };
}

function crossReferenceProblems(pack: RulePack): Omit<PackProblem, 'file'>[] {
  const problems: Omit<PackProblem, 'file'>[] = [];
  const grades = new Set(pack.grading.grades.map((g) => g.code));
  const needGrade = (code: string, path: string) => {
    if (!grades.has(code))
      problems.push({ path, reason: `names grade ${code}, which the pack does not define` });
  };
  const needRecipient = (id: string, path: string) => {
    if (!(id in pack.recipients))
      problems.push({ path, reason: `names recipient ${id}, which the pack does not define` });
  };
  const checkPredicate = (p: Predicate, path: string): void => {
    if ('all' in p) p.all.forEach((q, i) => checkPredicate(q, `${path}/all/${i}`));
    else if ('any' in p) p.any.forEach((q, i) => checkPredicate(q, `${path}/any/${i}`));
    else if ('not' in p) checkPredicate(p.not, `${path}/not`);
    else if ('gradeAtLeast' in p) needGrade(p.gradeAtLeast, `${path}/gradeAtLeast`);
    else if (!(p.fact in FACTS))
      problems.push({ path: `${path}/fact`, reason: `unknown fact ${p.fact}` });
  };

  if (!(pack.calendar in CALENDARS))
    problems.push({
      path: '/calendar',
      reason: `unknown calendar ${pack.calendar}; known: ${Object.keys(CALENDARS).join(', ')}`,
    });
  needGrade(pack.grading.default, '/grading/default');
  needGrade(pack.grading.reportableFrom, '/grading/reportableFrom');
  checkPredicate(pack.appliesTo, '/appliesTo');
  pack.grading.criteria.forEach((c, i) => {
    if (c.when) checkPredicate(c.when as Predicate, `/grading/criteria/${i}/when`);
    c.thresholds.forEach((t, j) => {
      needGrade(t.grade, `/grading/criteria/${i}/thresholds/${j}/grade`);
      checkPredicate(t.test as Predicate, `/grading/criteria/${i}/thresholds/${j}/test`);
    });
  });
  for (const [id, r] of Object.entries(pack.recipients)) {
    if (!r.authority === !r.external)
      problems.push({
        path: `/recipients/${id}`,
        reason: 'needs exactly one of authority or external',
      });
  }
  pack.stages.forEach((s, i) => {
    s.conditionalFields?.forEach((c, j) =>
      checkPredicate(c.when as Predicate, `/stages/${i}/conditionalFields/${j}/when`),
    );
    s.obligations.forEach((o, j) => {
      if (o.when) checkPredicate(o.when as Predicate, `/stages/${i}/obligations/${j}/when`);
      o.recipients.forEach((r, k) =>
        needRecipient(r, `/stages/${i}/obligations/${j}/recipients/${k}`),
      );
      if (o.anchor === 'previous_stage' && i === 0)
        problems.push({
          path: `/stages/0/obligations/${j}/anchor`,
          reason: 'the first stage has no previous stage',
        });
    });
  });
  pack.escalations.forEach((e, i) => {
    checkPredicate(e.when as Predicate, `/escalations/${i}/when`);
    e.from.forEach((r, k) => needRecipient(r, `/escalations/${i}/from/${k}`));
    e.to.forEach((r, k) => needRecipient(r, `/escalations/${i}/to/${k}`));
  });
  return problems;
}
