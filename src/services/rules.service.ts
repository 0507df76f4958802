import type { EvaluateInput, RulePackSummary } from '../contract/rules.js';
import { authorize, type Actor } from '../core/auth/policy.js';
import { validationError, type FieldError } from '../core/errors.js';
import { evaluatePack, type Evaluation } from '../core/rules/evaluate.js';
import { FACTS, type Facts } from '../core/rules/facts.js';
import type { RulePack } from '../core/rules/pack.js';

/** The loaded rule packs: what they are, and what they say of a set of incident facts. */
export class RulesService {
  constructor(private readonly packs: readonly RulePack[]) {}

  list(actor: Actor): RulePackSummary[] {
    authorize(actor, 'rules.read');
    return this.packs.map((p) => ({
      id: p.id,
      version: p.version,
      title: p.title,
      regime: p.regime,
      jurisdiction: p.jurisdiction,
      status: p.status,
      effectiveFrom: p.effectiveFrom,
      source: p.source,
      certainty: p.certainty,
      grades: p.grading.grades.map((g) => ({ code: g.code, rank: g.rank })),
      stages: p.stages.map((s) => s.id),
    }));
  }

  /** Every pack's verdict on the facts; facts are checked against the fact vocabulary first. */
  evaluate(actor: Actor, input: EvaluateInput): Evaluation[] {
    authorize(actor, 'rules.read');
    const errors: FieldError[] = [];
    for (const [name, value] of Object.entries(input.facts)) {
      const definition = (FACTS as Record<string, { type: string } | undefined>)[name];
      if (!definition)
        errors.push({ field: `/facts/${name}`, reason: 'is not a fact any rule pack knows' });
      else if (value !== null && typeof value !== definition.type)
        errors.push({ field: `/facts/${name}`, reason: `must be a ${definition.type}` });
    }
    if (errors.length > 0) throw validationError(errors);
    const timeline = { anchors: input.anchors ?? {}, submitted: input.submitted ?? {} };
    return this.packs.map((pack) => evaluatePack(pack, input.facts as Facts, timeline));
  }
}
