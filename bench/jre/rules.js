// bench/jre/rules.js - the 21 rules of bench/jre/clips/*.clp (copied verbatim
// from rules/*.clp) ported to json-rules-engine, for bench/jre/run.js.
//
// How the port maps CLIPS onto json-rules-engine:
//   - A rule's conditions (its left-hand side) are json-rules-engine
//     conditions on facts; its actions (right-hand side) are the rule's
//     onSuccess handler, which records a finding or an action, or adds a
//     derived fact (judged-size, stage-holds...) as a runtime fact.
//   - Salience becomes priority (priority = 50 + salience; higher runs
//     first). Where a CLIPS rule matches a fact asserted by another rule of
//     the same salience (next-stage on evidenced-stage, exit-or-create-doubt
//     on the behind-at-doubt finding), it runs one priority lower: CLIPS
//     fires it after the fact exists, json-rules-engine runs rules of one
//     priority together.
//   - A CLIPS rule fires once per match; facts are never duplicated. Where
//     several matches would assert the same fact (single-threaded with two
//     people of one name, check-agreement-zone-gap with gap-too-large given
//     and noted), the port fires once; where they assert different facts
//     (stage-entry per entry rule), the handler loops over the matches.
//   - The reference data (deffacts stage-def, stage-criterion, entry-rule)
//     is copied into the tables below.
// Each rule's `name` is its CLIPS name: the output names the rule that made
// each item, as dealcoach's advice does ("rule").
'use strict';

// deffacts funnel-stages (rules/00-schema.clp): stage -> order.
const STAGE_ORDER = {
  prospect: 0, target: 1, intent: 2, project: 3, approval: 4, negotiation: 5, closed: 6, lost: -1,
};
const STAGE_BY_ORDER = Object.fromEntries(Object.entries(STAGE_ORDER).map(([s, o]) => [o, s]));
// deffacts funnel-criteria: the approval stage's criteria, in fact order.
const APPROVAL_CRITERIA = ['bid-won', 'dm-public-preference', 'majority-support'];
// deffacts entry-rules (rules/10-stages.clp), in fact order.
const ENTRY_RULES = [
  { stage: 'target', size: 'any', need: 2, of: ['materials-allowed', 'initial-contact', 'visit-scheduled'] },
  { stage: 'intent', size: 'any', need: 2, of: ['formal-visit', 'evaluating', 'need-clear', 'sponsor-named'] },
  { stage: 'project', size: 'sme', need: 2, of: ['decision-process-known', 'core-requirements-clear'] },
  { stage: 'project', size: 'large', need: 4, of: ['decision-process-known', 'timeline-set', 'budget-known', 'core-requirements-clear'] },
  { stage: 'project', size: 'government', need: 4, of: ['decision-process-known', 'timeline-set', 'budget-known', 'core-requirements-clear'] },
  { stage: 'approval', size: 'any', need: 1, of: ['bid-won', 'dm-public-preference', 'majority-support'] },
  { stage: 'negotiation', size: 'any', need: 1, of: ['customer-contract-received', 'our-contract-sent', 'contract-deadline', 'price-objection-raised', 'terms-discussed'] },
  { stage: 'closed', size: 'any', need: 1, of: ['contract-signed', 'first-payment'] },
];
const TITLE_ROLES = ['initiator', 'operator', 'maintainer', 'purchaser'];
const CUTE_ROLES = ['decision-maker', 'user', 'technical-gatekeeper', 'coach'];

// The stage-order deffunction: unknown stages are -2.
const stageOrder = (s) => (s in STAGE_ORDER ? STAGE_ORDER[s] : -2);
const isNumber = (v) => typeof v === 'number';

// Operators for the patterns json-rules-engine has no operator for.
const OPERATORS = {
  isNumber: (fact, wanted) => isNumber(fact) === wanted,
  nonEmpty: (fact, wanted) => Array.isArray(fact) && (fact.length > 0) === wanted,
  // (exists (person (roles $? R $?))) for R among `roles`; and its negation.
  someoneHasRoleIn: (people, roles) => people.some((p) => p.roles.some((r) => roles.includes(r))),
  nobodyHasRoleIn: (people, roles) => !people.some((p) => p.roles.some((r) => roles.includes(r))),
  someoneHasAttitudeIn: (people, attitudes) => people.some((p) => attitudes.includes(p.attitude)),
  // (person (name ?name)) (not (person (name ~?name))): one name only.
  oneNameOnly: (people, wanted) => (people.length > 0 && people.every((p) => p.name === people[0].name)) === wanted,
  // stage-inflated's (test (> (stage-order ?claimed) (stage-order ?evidenced))).
  stageAbove: (claimed, evidenced) => evidenced !== null && stageOrder(claimed) > stageOrder(evidenced),
  // next-stage: the evidenced stage has a next stage (order 0-5) whose
  // stage-required fact exists.
  hasNextRequired: (evidenced, required) => {
    const o = stageOrder(evidenced);
    return o >= 0 && o < 6 && STAGE_BY_ORDER[o + 1] in required;
  },
};

// Where the handlers write: set by run.js before each deal.
let out = null;
function setOutput(o) { out = o; }

// A finding is a fact other rules match (exit-or-create-doubt): its id
// goes into the runtime fact findingIds.
const finding = (almanac, rule, id, severity, about) => {
  out.items.push(`finding ${id} ${severity} ${rule} ${JSON.stringify(about)}`);
  out.findings.push({ id, about });
  almanac.addRuntimeFact('findingIds', out.findings.map((f) => f.id));
};
const action = (rule, id, about) => out.items.push(`action ${id} ${rule} ${JSON.stringify(about)}`);
const fact = (almanac, id) => almanac.factValue(id);

const pursuitOpen = { fact: 'pursuitOpen', operator: 'notEqual', value: null };
const claimed = (operator, value) => ({ fact: 'deal', path: '$.claimed_stage', operator, value });
const evaluation = (slot, operator, value) => ({ fact: 'evaluation', path: `$.${slot}`, operator, value });
const negotiation = (slot, operator, value) => ({ fact: 'negotiation', path: `$.${slot}`, operator, value });
const notSigned = { fact: 'dealIsSigned', operator: 'equal', value: false };
const zoneRule = (name, targetAgainstReservation, status) => ({
  name, priority: 60,
  conditions: {
    all: [
      negotiation('reservation_price', 'isNumber', true),
      negotiation('customer_target', 'isNumber', true),
      negotiation('customer_target', targetAgainstReservation, { fact: 'negotiation', path: '$.reservation_price' }),
    ],
  },
  onSuccess: (e, almanac) => almanac.addRuntimeFact('agreementZone', status),
});

const RULES = [
  // ------------------------------------------------ 10-stages.clp
  {
    name: 'size-known', priority: 80,
    conditions: { all: [{ fact: 'deal', path: '$.size', operator: 'notEqual', value: 'unknown' }] },
    onSuccess: async (e, almanac) => {
      almanac.addRuntimeFact('judgedSize', (await fact(almanac, 'deal')).size);
    },
  },
  {
    name: 'stage-entry', priority: 70,
    conditions: { all: [{ fact: 'judgedSize', operator: 'notEqual', value: null }] },
    onSuccess: async (e, almanac) => {
      const size = await fact(almanac, 'judgedSize');
      const criteria = await fact(almanac, 'criteria');
      const required = {};
      const holds = [];
      for (const r of ENTRY_RULES) {
        if (r.size !== 'any' && r.size !== size) continue;
        const missing = r.of.filter((id) => !criteria.includes(id));
        const met = r.of.length - missing.length;
        required[r.stage] = { missing, needed: Math.max(0, r.need - met) };
        if (met >= r.need) holds.push(r.stage);
      }
      almanac.addRuntimeFact('stageRequired', required);
      almanac.addRuntimeFact('stageHolds', holds);
    },
  },
  {
    name: 'evidenced-stage', priority: 60,
    conditions: { all: [claimed('notEqual', 'lost'), { fact: 'stageHolds', operator: 'nonEmpty', value: true }] },
    onSuccess: async (e, almanac) => {
      const holds = await fact(almanac, 'stageHolds');
      let top = holds[0];
      for (const s of holds) if (stageOrder(s) > stageOrder(top)) top = s;
      almanac.addRuntimeFact('evidencedStage', top);
    },
  },
  {
    name: 'evidenced-prospect', priority: 60,
    conditions: { all: [claimed('notEqual', 'lost'), { fact: 'stageHolds', operator: 'nonEmpty', value: false }] },
    onSuccess: (e, almanac) => almanac.addRuntimeFact('evidencedStage', 'prospect'),
  },
  {
    name: 'evidenced-lost', priority: 60,
    conditions: { all: [claimed('equal', 'lost')] },
    onSuccess: (e, almanac) => almanac.addRuntimeFact('evidencedStage', 'lost'),
  },
  {
    name: 'next-stage', priority: 59,
    conditions: { all: [{ fact: 'evidencedStage', operator: 'hasNextRequired', value: { fact: 'stageRequired' } }] },
    onSuccess: async (e, almanac) => {
      const next = STAGE_BY_ORDER[stageOrder(await fact(almanac, 'evidencedStage')) + 1];
      const required = (await fact(almanac, 'stageRequired'))[next];
      almanac.addRuntimeFact('nextStage', { id: next, missing: required.missing, needed: required.needed });
    },
  },
  {
    name: 'stage-inflated', priority: 50,
    conditions: { all: [claimed('notIn', ['unknown', 'lost']), claimed('stageAbove', { fact: 'evidencedStage' })] },
    onSuccess: async (e, almanac) => {
      finding(almanac, 'stage-inflated', 'stage-inflated', 'high',
        [(await fact(almanac, 'deal')).claimed_stage, await fact(almanac, 'evidencedStage')]);
    },
  },
  {
    name: 'complete-stage-criteria', priority: 50,
    conditions: {
      all: [
        { fact: 'nextStage', path: '$.missing', operator: 'nonEmpty', value: true },
        { fact: 'nextStage', path: '$.needed', operator: 'greaterThan', value: 0 },
      ],
    },
    onSuccess: async (e, almanac) => {
      action('complete-stage-criteria', 'complete-stage-criteria', (await fact(almanac, 'nextStage')).missing);
    },
  },
  // ------------------------------------------------ 20-people.clp, 60-lifecycle.clp
  {
    name: 'pursuit-open', priority: 55,
    conditions: { all: [{ fact: 'evidencedStage', operator: 'notIn', value: [null, 'closed', 'lost'] }] },
    onSuccess: async (e, almanac) => almanac.addRuntimeFact('pursuitOpen', await fact(almanac, 'evidencedStage')),
  },
  {
    name: 'single-threaded', priority: 50,
    conditions: { all: [pursuitOpen, { fact: 'people', operator: 'oneNameOnly', value: true }] },
    onSuccess: async (e, almanac) => {
      const name = (await fact(almanac, 'people'))[0].name;
      finding(almanac, 'single-threaded', 'single-threaded', 'medium', [name]);
      action('single-threaded', 'widen-contacts', [name]);
    },
  },
  {
    name: 'roles-from-titles', priority: 50,
    conditions: {
      all: [
        pursuitOpen,
        { fact: 'people', operator: 'someoneHasRoleIn', value: TITLE_ROLES },
        { fact: 'people', operator: 'nobodyHasRoleIn', value: CUTE_ROLES },
      ],
    },
    onSuccess: async (e, almanac) => {
      const names = (await fact(almanac, 'people')).filter((p) => p.roles.length > 0).map((p) => p.name);
      finding(almanac, 'roles-from-titles', 'roles-from-titles', 'medium', names);
    },
  },
  {
    name: 'appease-former-opponents', priority: 50,
    conditions: {
      all: [
        { fact: 'evidencedStage', operator: 'equal', value: 'closed' },
        { fact: 'people', operator: 'someoneHasAttitudeIn', value: ['non-supporter', 'opponent'] },
      ],
    },
    onSuccess: async (e, almanac) => {
      const names = (await fact(almanac, 'people'))
        .filter((p) => p.attitude === 'non-supporter' || p.attitude === 'opponent').map((p) => p.name);
      action('appease-former-opponents', 'appease-former-opponents', names);
    },
  },
  // ------------------------------------------------ 30-needs.clp
  {
    name: 'premature-proposal', priority: 50,
    conditions: {
      all: [
        pursuitOpen,
        evaluation('proposal_submitted', 'equal', 'yes'),
        { any: [evaluation('needs_explored', 'notEqual', 'yes'), evaluation('criteria_influenced', 'notEqual', 'yes')] },
      ],
    },
    onSuccess: async (e, almanac) => {
      const ev = await fact(almanac, 'evaluation');
      const needs = ev.needs_explored;
      const criteria = ev.criteria_influenced;
      const about = [];
      if (needs === 'no') about.push('needs-unexplored');
      if (needs === 'unknown') about.push('needs-unconfirmed');
      if (criteria === 'no') about.push('criteria-unset');
      if (criteria === 'unknown') about.push('criteria-unconfirmed');
      finding(almanac, 'premature-proposal', 'premature-proposal', needs === 'no' || criteria === 'no' ? 'high' : 'medium', about);
    },
  },
  // ------------------------------------------------ 40-concerns.clp
  {
    name: 'deal-signed-by-criterion', priority: 80,
    conditions: {
      any: [
        { fact: 'criteria', operator: 'contains', value: 'contract-signed' },
        { fact: 'criteria', operator: 'contains', value: 'first-payment' },
      ],
    },
    onSuccess: (e, almanac) => almanac.addRuntimeFact('dealIsSigned', true),
  },
  {
    name: 'behind-at-doubt', priority: 50,
    conditions: {
      all: [
        evaluation('solution_evaluated', 'equal', 'yes'),
        evaluation('preferred', 'equal', 'competitor'),
        claimed('notEqual', 'lost'),
        notSigned,
      ],
    },
    onSuccess: async (e, almanac) => {
      const competitors = await fact(almanac, 'competitors');
      let rivals = competitors.filter((c) => c.leading === 'yes').map((c) => c.name);
      if (rivals.length === 0) rivals = competitors.map((c) => c.name);
      finding(almanac, 'behind-at-doubt', 'behind-at-doubt', 'high', rivals.length > 0 ? rivals : ['a-competitor']);
    },
  },
  {
    name: 'preference-unproven', priority: 50,
    conditions: {
      all: [
        evaluation('preferred', 'equal', 'us'),
        claimed('notEqual', 'lost'),
        notSigned,
        ...APPROVAL_CRITERIA.map((id) => ({ fact: 'criteria', operator: 'doesNotContain', value: id })),
      ],
    },
    onSuccess: (e, almanac) => finding(almanac, 'preference-unproven', 'preference-unproven', 'medium', APPROVAL_CRITERIA),
  },
  {
    name: 'exit-or-create-doubt', priority: 49,
    conditions: { all: [{ fact: 'findingIds', operator: 'contains', value: 'behind-at-doubt' }] },
    onSuccess: () => {
      for (const f of out.findings)
        if (f.id === 'behind-at-doubt') action('exit-or-create-doubt', 'exit-or-create-doubt', f.about);
    },
  },
  // ------------------------------------------------ 50-negotiation.clp
  // agreement-zone-known / -none: both prices known, the target at or
  // above the reservation price (status zone) or below it (none).
  zoneRule('agreement-zone-known', 'greaterThanInclusive', 'zone'),
  zoneRule('agreement-zone-none', 'lessThan', 'none'),
  {
    name: 'no-agreement-zone', priority: 50,
    conditions: { all: [{ fact: 'agreementZone', operator: 'equal', value: 'none' }] },
    onSuccess: async (e, almanac) => {
      const n = await fact(almanac, 'negotiation');
      finding(almanac, 'no-agreement-zone', 'no-agreement-zone', 'high', [n.customer_target, n.reservation_price]);
      action('no-agreement-zone', 'check-agreement-zone', ['zone-none']);
    },
  },
  {
    name: 'check-agreement-zone-gap', priority: 50,
    conditions: {
      all: [
        { fact: 'signals', operator: 'contains', value: 'gap-too-large' },
        { fact: 'agreementZone', operator: 'equal', value: 'zone' },
      ],
    },
    onSuccess: () => action('check-agreement-zone-gap', 'check-agreement-zone', ['gap-too-large']),
  },
];

// The facts of one deal, from a line of bench/dump_facts: [[TEMPLATE, SLOTS]...].
// Derived facts start absent (null, [], false) and are set by the rules.
function dealFacts(line) {
  const f = {
    deal: null, criteria: [], people: [], competitors: [], signals: [], evaluation: null, negotiation: null,
    judgedSize: null, stageHolds: [], stageRequired: {}, evidencedStage: null, nextStage: { missing: [], needed: 0 },
    pursuitOpen: null, dealIsSigned: false, agreementZone: null, findingIds: [],
  };
  for (const [template, slots] of line) {
    switch (template) {
      case 'deal': f.deal = slots; break;
      case 'criterion': f.criteria.push(slots.id); break;
      case 'person': f.people.push(slots); break;
      case 'competitor': f.competitors.push(slots); break;
      case 'signal': f.signals.push(slots.id); break;
      case 'evaluation': f.evaluation = slots; break;
      case 'negotiation': f.negotiation = slots; break;
      default: break; // notes, opportunity, account: no rule of the subset reads them
    }
  }
  return f;
}

module.exports = { RULES, OPERATORS, dealFacts, setOutput };
