import type { EvaluateInput, RulePackSummary } from '../contract/rules.js';
import { authorize, type Actor } from '../core/auth/policy.js';
import { validationError } from '../core/errors.js';
import { evaluatePack, type Evaluation, type Timeline } from '../core/rules/evaluate.js';
import { checkFacts, type Facts } from '../core/rules/facts.js';
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
      grades: p.grading.grades.map((g) => ({ code: g.code, rank: g.rank, label: g.label })),
      stages: p.stages.map((s) => ({ id: s.id, label: s.label })),
      escalations: p.escalations.map((e) => ({ id: e.id, label: e.label })),
      recipients: Object.entries(p.recipients).map(([id, r]) => ({ id, label: r.label })),
    }));
  }

  /** Every pack's verdict on the facts; facts are checked against the fact vocabulary first. */
  evaluate(actor: Actor, input: EvaluateInput): Evaluation[] {
    authorize(actor, 'rules.read');
    const errors = checkFacts(input.facts);
    if (errors.length > 0) throw validationError(errors);
    return this.evaluateChecked(input.facts as Facts, {
      anchors: input.anchors ?? {},
      submitted: input.submitted ?? {},
    });
  }

  /**
   * Every pack's verdict on facts already checked. `submitted` is keyed `pack/stage`; a plain
   * `stage` key counts for every pack.
   */
  evaluateChecked(
    facts: Facts,
    timeline: { anchors: Timeline['anchors']; submitted: Record<string, string> },
    overrides: Record<string, { grade: string; reason: string }> = {},
  ): Evaluation[] {
    return this.packs.map((pack) => {
      const own = `${pack.id}/`;
      const submitted: Record<string, string> = {};
      for (const [key, at] of Object.entries(timeline.submitted)) {
        if (key.startsWith(own)) submitted[key.slice(own.length)] = at;
        else if (!key.includes('/')) submitted[key] = at;
      }
      return evaluatePack(
        pack,
        facts,
        { anchors: timeline.anchors, submitted },
        overrides[pack.id],
      );
    });
  }

  /** The pack with this id, or undefined. */
  pack(id: string): RulePack | undefined {
    return this.packs.find((p) => p.id === id);
  }
}
