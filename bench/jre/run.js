// bench/jre/run.js [FACTS.jsonl] - the 21 rules of bench/jre/rules.js on
// json-rules-engine, one engine for every deal, over the facts dealcoach
// asserts (bench/dump_facts: one line a deal, [[TEMPLATE, SLOTS]...]; a file
// or standard input). Prints one line a deal in the canonical form that
// bench/jre/compare.sh makes of dealcoach's advice:
//   {"deal":ID,"stage":EVIDENCED,"next":NEXT|null,"items":[...]}
// items sorted: "finding ID SEVERITY RULE ABOUT" and "action ID RULE ABOUT",
// ABOUT as compact JSON. Needs json-rules-engine on NODE_PATH (bench/jre/
// compare.sh installs the pinned version of package-lock.json in a cache).
'use strict';
const fs = require('fs');
const readline = require('readline');
const { Engine, Rule } = require('json-rules-engine');
const { RULES, OPERATORS, dealFacts, setOutput } = require('./rules');

async function main() {
  const engine = new Engine();
  for (const [name, fn] of Object.entries(OPERATORS)) engine.addOperator(name, fn);
  for (const r of RULES) engine.addRule(new Rule({ ...r, event: { type: r.name } }));

  const input = process.argv[2] ? fs.createReadStream(process.argv[2]) : process.stdin;
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let buffer = '';
  let n = 0;
  for await (const text of lines) {
    if (text === '') continue;
    n++;
    let facts;
    try {
      facts = dealFacts(JSON.parse(text));
    } catch (err) {
      process.stderr.write(`run.js: line ${n}: ${err.message}\n`);
      process.exitCode = 1;
      continue;
    }
    const out = { items: [], findings: [] };
    setOutput(out);
    const { almanac } = await engine.run(facts);
    const next = await almanac.factValue('nextStage');
    buffer += JSON.stringify({
      deal: facts.deal.id,
      stage: await almanac.factValue('evidencedStage'),
      next: next.id === undefined ? null : next.id,
      items: out.items.sort(),
    }) + '\n';
    if (buffer.length > 65536) {
      process.stdout.write(buffer);
      buffer = '';
    }
  }
  process.stdout.write(buffer);
}

main().catch((err) => {
  process.stderr.write(`run.js: ${err.stack || err}\n`);
  process.exit(1);
});
