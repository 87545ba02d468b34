/* advice_check.h - properties every advice must have, whatever the deal:
 * the contract of spec §6 (do_now) and the gating of the negotiation
 * tactics (issue 9). `dealcoach test` checks them on every case, so a
 * change to the rules cannot break them silently. */
#ifndef DC_ADVICE_CHECK_H
#define DC_ADVICE_CHECK_H

#include <jansson.h>
#include "strbuf.h"

/* Check `advice` (spec §4 JSON). Returns 1 when every property holds; else
 * 0, with each broken property described in `why` ("; " between them):
 *   - do_now is present when there is an action; it lists at most three
 *     ids, each once and each an action of the advice;
 *   - tactics: at most three, and none unless the deal negotiates on the
 *     evidence: stage.evidenced is project, approval or negotiation, the
 *     concern is not an objection, no key node is skipped (finding
 *     key-node-skipped);
 *   - the concession tactics (retreat-to-advance, concede-less-give-more,
 *     condition-exchange) only when value is shown (no finding
 *     negotiating-before-value) and there is an agreement zone (no finding
 *     no-agreement-zone, no check-agreement-zone about an unknown price).
 */
int dc_advice_check(json_t *advice, dc_buf *why);

#endif
