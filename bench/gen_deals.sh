#!/bin/sh
# bench/gen_deals.sh N [SEED] - N deals as JSON Lines on standard output,
# drawn from a seeded generator so that every run gives the same deals.
# Every stage's criteria, every signal, people of every role and attitude,
# negotiation figures, opportunity answers, accounts with receivables and
# notes in both languages turn up across a few hundred deals.
set -eu
n=${1:-1000}
seed=${2:-42}
awk -v n="$n" -v seed="$seed" '
function pick(list,   a, k) { k = split(list, a, " "); return a[int(rand() * k) + 1] }
function some(list, p,   a, k, i, out) {
    k = split(list, a, " "); out = ""
    for (i = 1; i <= k; i++) if (rand() < p) out = out (out == "" ? "" : ",") "\"" a[i] "\""
    return out
}
function yn() { return rand() < 0.5 ? "true" : "false" }
BEGIN {
    srand(seed)
    criteria = "materials-allowed initial-contact visit-scheduled formal-visit evaluating need-clear sponsor-named decision-process-known timeline-set budget-known core-requirements-clear competitors-known bid-won dm-public-preference majority-support customer-contract-received our-contract-sent contract-deadline price-objection-raised terms-discussed contract-signed first-payment"
    signals = "price-pushback additional-requirements risk-concern signing-delayed competitor-pressure decision-process-unclear gap-too-large over-eager internal-disagreement multi-round-cutting multi-level-game requirements-only orders-without-effort presales-value-low new-technology presales-turnover template-proposals training-declined purchase-gap personnel-change"
    roles = "decision-maker user technical-gatekeeper coach initiator operator maintainer purchaser"
    attitudes = "mentor supporter neutral non-supporter opponent"
    stages = "prospect target intent project approval negotiation closed lost"
    notes[1] = "客户说价格太高了"; notes[2] = "他们拿竞争对手的报价压我们"; notes[3] = "the buyer keeps adding requirements"
    notes[4] = "客户说以后不需要我们的培训了"; notes[5] = "they are looking at a new technology next year"; notes[6] = "meeting went well"
    for (i = 1; i <= n; i++) {
        # later stages are rarer, as in a real funnel
        p = 0.9 - 0.035 * int(rand() * 20)
        line = sprintf("{\"id\":\"gen-%d\",\"name\":\"Generated deal %d\",\"customer\":\"Customer %d\"", i, i, i % 97)
        line = line sprintf(",\"size\":\"%s\",\"amount\":%d", pick("sme large government"), 50000 + int(rand() * 5000000))
        if (rand() < 0.6) line = line sprintf(",\"budget\":%d", 50000 + int(rand() * 4000000))
        line = line sprintf(",\"claimed_stage\":\"%s\"", pick(stages))
        line = line sprintf(",\"expected_close\":\"2027-%02d-%02d\"", 1 + int(rand() * 12), 1 + int(rand() * 28))
        line = line ",\"criteria\":[" some(criteria, p * 0.5) "]"
        line = line ",\"people\":["
        k = int(rand() * 4)
        for (j = 0; j < k; j++)
            line = line (j ? "," : "") sprintf("{\"name\":\"Person %d-%d\",\"roles\":[\"%s\"],\"attitude\":\"%s\",\"met\":%s,\"influence\":%d,\"above_budget_line\":%s}", i, j, pick(roles), pick(attitudes), yn(), 1 + int(rand() * 5), yn())
        line = line "]"
        if (rand() < 0.5) line = line ",\"competitors\":[{\"name\":\"Rival\",\"leading\":" yn() "}]"
        line = line sprintf(",\"evaluation\":{\"solution_evaluated\":%s,\"preferred\":\"%s\",\"criteria_influenced\":%s,\"proposal_submitted\":%s,\"needs_explored\":%s}", yn(), pick("us competitor none"), yn(), yn(), yn())
        if (rand() < 0.4) {
            r = 100000 + int(rand() * 1000000)
            line = line sprintf(",\"negotiation\":{\"phase\":\"%s\",\"preconditions\":[%s],\"reservation_price\":%d,\"our_offer\":%d,\"customer_target\":%d}", pick("early mid late"), some("key-people-confirmed solution-confirmed schedule-confirmed negotiation-method-set", 0.5), r, r + int(rand() * 300000), r - 100000 + int(rand() * 300000))
        }
        line = line sprintf(",\"opportunity\":{\"answers\":{\"is-real\":%s,\"can-compete\":true,\"can-win\":%s,\"worth-winning\":true},\"short_term\":\"%s\",\"long_term\":\"%s\",\"turf\":\"%s\",\"leader\":\"%s\",\"months_to_close\":%d,\"likelihood\":\"%s\"}", rand() < 0.9 ? "true" : "false", rand() < 0.9 ? "true" : "false", pick("big small"), pick("high low"), pick("ours neutral competitor"), pick("us none competitor"), 1 + int(rand() * 12), pick("high medium low"))
        if (rand() < 0.5) {
            line = line sprintf(",\"account\":{\"lifecycle\":\"%s\",\"last_purchase\":\"2026-%02d-15\",\"purchase_interval_days\":%d", pick("acquisition growth maturity decline departure"), 1 + int(rand() * 11), 30 + int(rand() * 90))
            if (rand() < 0.5) line = line sprintf(",\"credit_class\":\"%s\",\"credit_limit\":%d,\"receivables\":%d,\"overdue_amount\":%d,\"overdue_since\":\"2026-%02d-01\",\"late_payments\":%d,\"on_time_payments\":%d", pick("A B C D"), 100000 + int(rand() * 900000), int(rand() * 1000000), rand() < 0.3 ? int(rand() * 100000) : 0, 1 + int(rand() * 10), int(rand() * 6), int(rand() * 20))
            line = line "}"
        }
        line = line ",\"signals\":[" some(signals, 0.08) "]"
        line = line ",\"notes\":[\"" notes[1 + int(rand() * 6)] "\"]}"
        print line
    }
}'
