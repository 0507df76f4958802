import { Type, type Static } from '@sinclair/typebox';
import type { Evaluation } from '../core/rules/evaluate.js';
import { ANCHORS } from '../core/rules/pack.js';
import { Timestamp } from './common.js';

// Checked against each fact's type by the rules service: a schema union here would let the
// server's type coercion turn numbers into strings before anyone looks.
const FactValue = Type.Unknown({
  description: 'string, number, boolean or null, as the fact requires',
});

export const EvaluateInput = Type.Object(
  {
    facts: Type.Record(Type.String(), FactValue, {
      description: 'Fact name → value, e.g. "impact.personalRecordsLeaked": 2000000',
    }),
    anchors: Type.Optional(
      Type.Partial(
        Type.Object(
          Object.fromEntries(
            ANCHORS.filter((a) => a !== 'previous_stage').map((a) => [a, Timestamp]),
          ),
        ),
        { additionalProperties: false },
      ),
    ),
    submitted: Type.Optional(
      Type.Record(Type.String(), Timestamp, { description: 'Stage id → when it was submitted' }),
    ),
  },
  { additionalProperties: false },
);
export type EvaluateInput = Static<typeof EvaluateInput>;

const Label = Type.Object({ 'zh-CN': Type.String(), en: Type.String() });

export const RulePackSummary = Type.Object({
  id: Type.String(),
  version: Type.String(),
  title: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }),
  regime: Type.String(),
  jurisdiction: Type.String(),
  status: Type.String(),
  effectiveFrom: Type.String(),
  source: Type.String(),
  certainty: Type.String(),
  grades: Type.Array(Type.Object({ code: Type.String(), rank: Type.Integer(), label: Label })),
  stages: Type.Array(Type.Object({ id: Type.String(), label: Label })),
  escalations: Type.Array(Type.Object({ id: Type.String(), label: Label })),
  recipients: Type.Array(Type.Object({ id: Type.String(), label: Label })),
});
export type RulePackSummary = Static<typeof RulePackSummary>;

/** The evaluation of each pack: core/rules/evaluate.ts `Evaluation`. */
export const Evaluations = Type.Array(
  Type.Unsafe<Evaluation>({
    type: 'object',
    additionalProperties: true,
    description:
      'pack, applies, grade, explanation (criteria hit, with source and certainty), reportable, obligations and escalations with due times',
  }),
);
