import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { AUTHORITY_FUNCTION_CODES } from '../registry/vocabulary.js';

/**
 * The rule pack format: one JSON file per regime in `rule-packs/`, checked against this
 * schema and then by `checkPack` (references between its parts) when loaded. Every value
 * taken from law carries `source` and `certainty`. docs/rule-packs.md explains it with an example.
 */
export const CERTAINTIES = ['confirmed', 'secondary', 'draft', 'unverified'] as const;
export type Certainty = (typeof CERTAINTIES)[number];

const Certainty = Type.Union(CERTAINTIES.map((c) => Type.Literal(c)));
const Label = Type.Object(
  { 'zh-CN': Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
const Sourced = {
  source: Type.String({ minLength: 1, description: 'Article or URL the value comes from' }),
  certainty: Certainty,
};
const Id = Type.String({ pattern: '^[a-z][a-z0-9_-]*$' });

/** A condition over the incident's facts: all/any/not of comparisons, or a minimum grade. */
export type Predicate =
  | { all: Predicate[] }
  | { any: Predicate[] }
  | { not: Predicate }
  | { fact: string; op: ComparisonOp; value?: string | number | boolean | (string | number)[] }
  | { gradeAtLeast: string };

export const COMPARISON_OPS = [
  'eq',
  'ne',
  'in',
  'gte',
  'gt',
  'lte',
  'lt',
  'true',
  'false',
  'known',
] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

export const PredicateSchema = Type.Recursive(
  (self) =>
    Type.Union([
      Type.Object({ all: Type.Array(self, { minItems: 1 }) }, { additionalProperties: false }),
      Type.Object({ any: Type.Array(self, { minItems: 1 }) }, { additionalProperties: false }),
      Type.Object({ not: self }, { additionalProperties: false }),
      Type.Object(
        {
          fact: Type.String(),
          op: Type.Union(COMPARISON_OPS.map((o) => Type.Literal(o))),
          value: Type.Optional(
            Type.Union([
              Type.String(),
              Type.Number(),
              Type.Boolean(),
              Type.Array(Type.Union([Type.String(), Type.Number()])),
            ]),
          ),
        },
        { additionalProperties: false },
      ),
      Type.Object({ gradeAtLeast: Type.String() }, { additionalProperties: false }),
    ]),
  { $id: 'Predicate' },
) as unknown as TSchema;

export const ANCHORS = [
  'occurred',
  'detected',
  'aware',
  'classified',
  'materiality_decided',
  'fix_available',
  'previous_stage',
  'handling_ended',
  'ransom_paid',
] as const;
export type Anchor = (typeof ANCHORS)[number];

const DeadlineSchema = Type.Union([
  Type.Object({ kind: Type.Literal('immediately') }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('duration'),
      amount: Type.Number({ exclusiveMinimum: 0 }),
      unit: Type.Union(
        ['minutes', 'hours', 'days', 'business_days', 'working_days', 'months'].map((u) =>
          Type.Literal(u),
        ),
      ),
    },
    { additionalProperties: false },
  ),
]);

const Recipient = Type.Object(
  {
    label: Label,
    /** Chosen from the registry: authorities with this function whose remit covers the reporter. */
    authority: Type.Optional(
      Type.Object(
        {
          function: Type.Union(AUTHORITY_FUNCTION_CODES.map((f) => Type.Literal(f))),
          match: Type.Union([
            Type.Literal('sector'),
            Type.Literal('region'),
            Type.Literal('national'),
          ]),
        },
        { additionalProperties: false },
      ),
    ),
    /** A body outside the registry (a foreign CSIRT, a regulator abroad): shown, not routed to. */
    external: Type.Optional(
      Type.Object(
        { name: Type.String(), url: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const Obligation = Type.Object(
  {
    when: Type.Optional(PredicateSchema),
    deadline: DeadlineSchema,
    anchor: Type.Union(ANCHORS.map((a) => Type.Literal(a))),
    recipients: Type.Array(Id, { minItems: 1 }),
    ...Sourced,
  },
  { additionalProperties: false },
);

export const RulePackSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    id: Id,
    version: Type.String({ minLength: 1 }),
    title: Label,
    regime: Type.String({ minLength: 1 }),
    jurisdiction: Type.String({ pattern: '^[A-Z]{2}$' }),
    status: Type.Union([Type.Literal('in_force'), Type.Literal('proposed'), Type.Literal('draft')]),
    effectiveFrom: Type.String({ format: 'date' }),
    calendar: Type.String({ description: 'Holiday calendar for business and working days' }),
    reminders: Type.Optional(
      Type.Array(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }), {
        description:
          'Reminders before each deadline, as fractions of the time allowed (default 0.5 and 0.9)',
      }),
    ),
    ...Sourced,
    appliesTo: PredicateSchema,
    grading: Type.Object(
      {
        grades: Type.Array(
          Type.Object(
            { code: Id, rank: Type.Integer({ minimum: 0 }), label: Label },
            { additionalProperties: false },
          ),
          { minItems: 1 },
        ),
        default: Id,
        reportableFrom: Id,
        criteria: Type.Array(
          Type.Object(
            {
              id: Id,
              label: Label,
              when: Type.Optional(PredicateSchema),
              thresholds: Type.Array(
                Type.Object(
                  { grade: Id, test: PredicateSchema, ...Sourced },
                  { additionalProperties: false },
                ),
                { minItems: 1 },
              ),
            },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    recipients: Type.Record(Id, Recipient),
    stages: Type.Array(
      Type.Object(
        {
          id: Id,
          label: Label,
          requiredFields: Type.Array(Type.String()),
          /** Fields required only when a condition holds (e.g. ransom details for ransomware). */
          conditionalFields: Type.Optional(
            Type.Array(
              Type.Object(
                { when: PredicateSchema, fields: Type.Array(Type.String(), { minItems: 1 }) },
                { additionalProperties: false },
              ),
            ),
          ),
          /** The first obligation whose `when` holds applies; none means the stage is not owed. */
          obligations: Type.Array(Obligation, { minItems: 1 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    escalations: Type.Array(
      Type.Object(
        {
          id: Id,
          label: Label,
          when: PredicateSchema,
          /** Who escalates: recipients of the first stage. */
          from: Type.Array(Id, { minItems: 1 }),
          to: Type.Array(Id, { minItems: 1 }),
          deadline: DeadlineSchema,
          anchor: Type.Union(ANCHORS.map((a) => Type.Literal(a))),
          ...Sourced,
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type RulePack = Static<typeof RulePackSchema> & { appliesTo: Predicate };
export type PackStage = RulePack['stages'][number];
export type PackObligation = PackStage['obligations'][number] & { when?: Predicate };
