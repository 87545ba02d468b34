/* note_facts.c - the facts a deal's notes propose. See note_facts.h. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "note_facts.h"

#include "amount.h"

/* A hit of one scan, kept for the proposals. */
struct note_hits {
    json_t *list; /* [[signal, words], ...] */
};

static void keep_hit(void *ctx, const char *signal, const char *words)
{
    struct note_hits *h = ctx;
    json_array_append_new(h->list, json_pack("[ss]", signal, words));
}

/* Does `text` name `name`: the whole of it, or one of its words of three
 * bytes or more ("Zhao" of "Zhao Wei")? */
static int names(const char *text, const char *name)
{
    if (!name || strlen(name) < 2) return 0;
    if (strstr(text, name)) return 1;
    char word[128];
    for (const char *p = name; *p;) {
        size_t len = strcspn(p, " ");
        if (len >= 3 && len < sizeof word) {
            memcpy(word, p, len);
            word[len] = '\0';
            if (strstr(text, word)) return 1;
        }
        p += len;
        p += strspn(p, " ");
    }
    return 0;
}

/* The first of `items` (objects with a "name", and a "title" when
 * `titles`) that `text` names, or NULL. */
static const char *named_in(const char *text, json_t *items, int titles)
{
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item) {
        const char *name = json_string_value(json_object_get(item, "name"));
        const char *title = titles ? json_string_value(json_object_get(item, "title")) : NULL;
        if (names(text, name) || (title && strlen(title) >= 4 && strstr(text, title))) return name;
    }
    return NULL;
}

/* Is person p our coach (role coach, or attitude mentor)? */
static int is_coach(json_t *p)
{
    size_t k;
    json_t *role;
    int coach = 0;
    json_array_foreach(json_object_get(p, "roles"), k, role)
        coach |= json_is_string(role) && strcmp(json_string_value(role), "coach") == 0;
    const char *attitude = json_string_value(json_object_get(p, "attitude"));
    return coach || (attitude && strcmp(attitude, "mentor") == 0);
}

/* The person of the deal called `name`, or NULL. */
static json_t *person_named(json_t *deal, const char *name)
{
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(deal, "people"), i, p) {
        const char *n = json_string_value(json_object_get(p, "name"));
        if (n && name && strcmp(n, name) == 0) return p;
    }
    return NULL;
}

/* The only coach of the deal, or NULL. */
static const char *only_coach(json_t *deal)
{
    const char *found = NULL;
    size_t i, count = 0;
    json_t *p;
    json_array_foreach(json_object_get(deal, "people"), i, p) {
        if (is_coach(p)) {
            found = json_string_value(json_object_get(p, "name"));
            count++;
        }
    }
    return count == 1 ? found : NULL;
}

static int has_item(json_t *list, const char *id)
{
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
        if (json_is_string(item) && strcmp(json_string_value(item), id) == 0) return 1;
    return 0;
}


/* ------------------------------------------------------- where in the note */

/* Does text[at] begin a sentence break (. ; ! ? a line end, 。！？；)?
 * Its length in *len. A '.' between digits is a decimal point. */
static int sentence_break(const char *text, size_t at, size_t *len)
{
    static const char *const wide[] = {"。", "！", "？", "；", NULL};
    for (int i = 0; wide[i]; i++)
        if (strncmp(text + at, wide[i], 3) == 0) return (*len = 3);
    char c = text[at];
    int decimal = c == '.' && at > 0 && text[at - 1] >= '0' && text[at - 1] <= '9' &&
                  text[at + 1] >= '0' && text[at + 1] <= '9';
    *len = 1;
    return (c && strchr(".;!?\n", c) && !decimal);
}

/* The sentence of `text` holding `words` (the words a scan reported, the
 * note's own): [*start, *end); *at is where the words begin. */
static void sentence_of(const char *text, const char *words, size_t *start, size_t *end, size_t *at)
{
    const char *w = words && *words ? strstr(text, words) : NULL;
    size_t pos = w ? (size_t)(w - text) : 0, len, i;
    *at = pos;
    *start = 0;
    for (i = 0; i < pos; i++)
        if (sentence_break(text, i, &len)) *start = i + len;
    for (i = pos + (words ? strlen(words) : 0); text[i] && !sentence_break(text, i, &len); i++) {}
    *end = w ? i : strlen(text);
}

/* Does text[from, to) end with one of `words` (blanks trimmed, ASCII case
 * ignored)? */
static int ends_with_any(const char *text, size_t from, size_t to, const char *const *words)
{
    while (to > from && text[to - 1] == ' ') to--;
    for (int i = 0; words[i]; i++) {
        size_t n = strlen(words[i]);
        if (to - from < n || strncasecmp(text + to - n, words[i], n) != 0) continue;
        int ascii = (words[i][0] | 0x20) >= 'a' && (words[i][0] | 0x20) <= 'z';
        char before = to - n > from ? text[to - n - 1] : ' ';
        if (!ascii || !((before | 0x20) >= 'a' && (before | 0x20) <= 'z')) return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------ budget */

/* How an amount or a percentage relates to the budget, from the words
 * just before it: the new figure ("砍到300万", "cut to 1.2M", "新预算80万"),
 * what was cut ("砍了200万", "cut by 30%"), or the old figure ("从500万"). */
enum figure_role { FIGURE_OTHER, FIGURE_TO, FIGURE_BY, FIGURE_FROM };

static enum figure_role figure_role(const char *text, size_t from, size_t at)
{
    static const char *const by[] = {"了", "掉", "by", "减少", "减", "砍", "cut", "少", "下调",
                                     "缩减", "削减", "压缩", "reduced", "slashed", "trimmed", NULL};
    static const char *const to[] = {"到", "至", "为", "成", "剩", "剩下", "只有", "变", "有", "是",
                                     "现在", "预算", "经费", "资金", "now", "to", "at", "of",
                                     "only", "is", "budget", ":", "：", NULL};
    static const char *const was[] = {"从", "原来", "原来是", "原本", "本来", "from", "was", NULL};
    size_t lo = at > from + 15 ? at - 15 : from;
    while (lo < at && (text[lo] & 0xC0) == 0x80) lo++; /* whole characters */
    if (ends_with_any(text, lo, at, was)) return FIGURE_FROM;
    if (ends_with_any(text, lo, at, by)) return FIGURE_BY;
    if (ends_with_any(text, lo, at, to)) return FIGURE_TO;
    return FIGURE_OTHER;
}

/* The deal's currency as "CNY", "USD" or as written; "" when not given. */
static const char *currency_of(json_t *deal)
{
    const char *c = json_string_value(json_object_get(deal, "currency"));
    if (!c) return "";
    if (strcasecmp(c, "RMB") == 0 || strcmp(c, "人民币") == 0 || strcmp(c, "元") == 0) return "CNY";
    if (strcmp(c, "$") == 0 || strcmp(c, "美元") == 0) return "USD";
    return c;
}

/* The figures of a budget change, from the sentence of its words: the
 * percentage cut, the amount cut ("by"), the new budget ("budget"), and
 * the old one when the note gives it ("was"). The new figure is computed
 * from the deal's budget (or the note's old one) when only the cut is
 * known. A figure in another currency than the deal's is kept apart. */
static void budget_figures(json_t *p, json_t *deal, const char *text, const char *words,
                           const char *change)
{
    size_t start, end, at;
    sentence_of(text, words, &start, &end, &at);
    double to = -1, by = -1, was = -1, other = -1, pct = -1;
    const char *currency = "";
    dc_amount a;
    for (size_t from = start; from < end && dc_amount_find(text, end, from, &a); from = a.end) {
        enum figure_role role = figure_role(text, start, a.start);
        double *slot = role == FIGURE_TO ? &to : role == FIGURE_BY ? &by : role == FIGURE_FROM ? &was : &other;
        if (*slot < 0) *slot = a.value;
        if (*a.currency && !*currency) currency = a.currency;
    }
    dc_percent pc;
    if (dc_percent_find(text, end, start, &pc) && pc.value < 100) {
        int kept = figure_role(text, start, pc.start) == FIGURE_TO; /* "砍到原来的70%" */
        pct = kept ? 100 - pc.value : pc.value;
    }
    if (to < 0 && strcmp(change, "new") == 0) to = other;
    json_t *budget = json_object_get(deal, "budget");
    double old = json_is_number(budget) ? json_number_value(budget) : was;
    if (to < 0 && by > 0 && old > by) to = old - by;
    if (to < 0 && pct > 0 && old > 0) to = old * (100 - pct) / 100;
    if (pct > 0) json_object_set_new(p, "percent", json_integer((json_int_t)(pct + 0.5)));
    if (by > 0) json_object_set_new(p, "by", json_integer((json_int_t)by));
    if (was > 0) json_object_set_new(p, "was", json_integer((json_int_t)was));
    const char *ours = currency_of(deal);
    if (*currency && *ours && strcasecmp(currency, ours) != 0) {
        json_object_set_new(p, "currency", json_string(currency));
        if (to >= 0) json_object_set_new(p, "figure", json_integer((json_int_t)to));
    } else if (to >= 0) {
        json_object_set_new(p, "budget", json_integer((json_int_t)(to + 0.5)));
    }
}

/* -------------------------------------------------------------- competitor */

/* Is the Han or ASCII name `s` (len bytes) a word for "a competitor", "the
 * customer", "we", not a name? */
static int generic_subject(const char *s, size_t len)
{
    static const char *const generic[] = {
        "对手", "竞争对手", "友商", "竞品", "别家", "人家", "对方", "客户", "他们", "她们", "它们",
        "那家", "这家", "另一家", "另外一家", "其他厂家", "其他家", "有家公司", "某公司", "竞争者",
        "我们", "我方", "咱们", "我司", "用户", "甲方", "业主", "采购", "老板", "领导", "the",
        "our", "their", "a", "an", "we", "they", "customer", "client", "competitor", "competition",
        "rival", "procurement", "purchasing", "buyer", "ceo", "cfo", "cio", "cto", "coo", "gm",
        "vp", "it", "he", "she", "boss", "one", "another", "other", NULL};
    for (int i = 0; generic[i]; i++)
        if (strlen(generic[i]) == len && strncasecmp(s, generic[i], len) == 0) return 1;
    return 0;
}

/* Skip, at text[*at], one of `words` (ASCII case ignored); 1 when skipped. */
static int skip_word(const char *text, size_t *at, const char *const *words)
{
    for (int i = 0; words[i]; i++) {
        size_t n = strlen(words[i]);
        if (strncasecmp(text + *at, words[i], n) == 0) {
            *at += n;
            while (text[*at] == ' ') (*at)++;
            return 1;
        }
    }
    return 0;
}

static int is_clause_break(const char *text, size_t at)
{
    static const char *const wide[] = {"，", "、", "：", NULL};
    for (int i = 0; wide[i]; i++)
        if (strncmp(text + at, wide[i], 3) == 0) return 1;
    size_t len;
    return text[at] == ',' || text[at] == ':' || sentence_break(text, at, &len);
}

/* The company a clause starts with, as its subject: "华信昨天给客户降价20%"
 * gives 华信, "Rival did a demo for the CFO" gives Rival, "听说竞争对手华信
 * 退出了" gives 华信; a generic word (对手, the customer, we) gives nothing.
 * Into buf; NULL when none. */
static const char *clause_subject(const char *text, const char *words, char *buf, size_t size)
{
    static const char *const lead[] = {
        "听说", "据说", "据了解", "有消息说", "消息说", "刚得知", "得知", "今天", "昨天", "上周",
        "竞争对手", "对手", "友商", "heads up", "fyi", "fyi:", "today", "yesterday", "apparently",
        "word is", "news:", "update:", "i heard that", "i heard", "we heard that", "we heard",
        "heard that", "heard", "we learned that", "learned that", "turns out", "it turns out",
        "looks like", "it seems", "seems", "just", "also", "so", "note:", "confirmed:",
        "confirmed that", "this week", "last week", "on monday", "on tuesday", "on wednesday",
        "on thursday", "on friday", NULL};
    static const char *const said[] = {"说", "称", "透露", "反馈", "表示", "提到", "says", "said",
                                       "told us", "mentioned", "tells us", NULL};
    static const char *const stop[] = {
        "昨天", "今天", "前天", "上周", "这周", "本周", "上个月", "刚刚", "刚", "又", "也", "已经",
        "还", "在", "给", "向", "跟", "和", "对", "把", "被", "的", "突然", "居然", "竟然", "直接",
        "主动", "私下", "偷偷", "报", "降", "做", "去", "来", "请", "见", "约", "拜访", "退出",
        "放弃", "弃标", "带", "安排", "打", "出", "用", "拿", "这次", "已", "也", "最近", "将",
        "搞", "找", "通过", "成功", NULL};
    const char *w = words && *words ? strstr(text, words) : NULL;
    size_t at = w ? (size_t)(w - text) : 0;
    while (at > 0 && !is_clause_break(text, at - 1)) at--;
    while (text[at] == ' ') at++;
    for (size_t probe = at, k = 0; text[probe] && k < 40 && !is_clause_break(text, probe); probe++, k++)
        if (skip_word(text, &probe, said)) { /* "王总说华信…": the subject follows */
            at = probe;
            break;
        }
    while (skip_word(text, &at, lead)) {}
    size_t begin = at, len;
    if ((text[at] >= 'A' && text[at] <= 'Z') || (text[at] >= '0' && text[at] <= '9')) {
        while (text[at] && ((text[at] >= 'A' && text[at] <= 'Z') || (text[at] >= '0' && text[at] <= '9'))) {
            size_t word = at; /* a word that starts with a capital or a digit */
            while (text[at] && text[at] != ' ' && !is_clause_break(text, at) &&
                   (unsigned char)text[at] < 0x80 && text[at] != '\'')
                at++;
            if (generic_subject(text + word, at - word)) {
                if (word == begin) return NULL;
                at = word;
                break;
            }
            if (text[at] != ' ' || !(text[at + 1] >= 'A' && text[at + 1] <= 'Z')) break;
            at++;
        }
        while (at > begin && text[at - 1] == ' ') at--;
    } else {
        for (size_t chars = 0; chars < 8 && (unsigned char)text[at] >= 0xE3 &&
                               (unsigned char)text[at] <= 0xE9 && !is_clause_break(text, at); chars++) {
            size_t probe = at;
            if (skip_word(text, &probe, stop)) break;
            at += 3;
        }
    }
    len = at - begin;
    int han = (unsigned char)text[begin] >= 0x80;
    if (len < 2 || (han && len < 6) || len >= size || generic_subject(text + begin, len)) return NULL;
    memcpy(buf, text + begin, len);
    buf[len] = '\0';
    return buf;
}

/* The only competitor of the deal, or NULL. */
static const char *only_competitor(json_t *deal)
{
    json_t *list = json_object_get(deal, "competitors");
    return json_array_size(list) == 1
               ? json_string_value(json_object_get(json_array_get(list, 0), "name")) : NULL;
}

/* ---------------------------------------------------------------- proposals */

/* The proposal for one hit, or NULL when it proposes nothing (no @propose
 * line, or a criterion the deal has). */
static json_t *proposal_for(dc_notes *n, json_t *deal, const char *text, json_int_t index,
                            const char *signal, const char *words)
{
    const char *spec = dc_notes_proposal(n, signal);
    if (!spec) return NULL;
    char kind[32] = "", what[64] = "", when[16] = "";
    if (sscanf(spec, "%31s %63s %15s", kind, what, when) < 1) return NULL;
    json_t *p = json_pack("{sI ss ss ss}", "note", index, "signal", signal, "words", words,
                          "kind", kind);
    if (!p) return NULL;
    if (dc_notes_fact_only(n, signal)) json_object_set_new(p, "fact_only", json_true());
    if (strcmp(kind, "criterion") == 0) {
        if (!*what || has_item(json_object_get(deal, "criteria"), what)) {
            json_decref(p);
            return NULL;
        }
        json_object_set_new(p, "id", json_string(what));
    } else if (strcmp(kind, "person") == 0) {
        json_object_set_new(p, "change", json_string(*what ? what : "changed"));
        const char *name = named_in(text, json_object_get(deal, "people"), 1);
        if (!name && strcmp(signal, "coach-leaving") == 0) name = only_coach(deal);
        if (name) json_object_set_new(p, "name", json_string(name));
        int attitude = strcmp(what, "supporter") == 0 || strcmp(what, "opponent") == 0;
        if (!name && (attitude || strcmp(what, "promoted") == 0)) { /* nobody to change */
            json_decref(p);
            return NULL;
        }
        const char *now = json_string_value(json_object_get(person_named(deal, name), "attitude"));
        int same = attitude && now && (strcmp(now, what) == 0 ||
                                       (strcmp(what, "supporter") == 0 && strcmp(now, "mentor") == 0));
        if (same) { /* the deal says so already (a mentor supports us too) */
            json_decref(p);
            return NULL;
        }
        /* "负责人赵工下个月离职" when 赵工 is our coach: our coach is leaving,
         * not the account slipping away. */
        if (name && !attitude && is_coach(person_named(deal, name)) &&
            strcmp(what, "promoted") != 0) {
            json_object_set_new(p, "change", json_string("leaving"));
            json_object_set_new(p, "signal", json_string("coach-leaving"));
            json_object_set_new(p, "coach", json_true());
        }
    } else if (strcmp(kind, "budget") == 0) {
        json_object_set_new(p, "change", json_string(*what ? what : "cut"));
        budget_figures(p, deal, text, words, *what ? what : "cut");
    } else if (strcmp(kind, "competitor") == 0) {
        json_object_set_new(p, "move", json_string(*what ? what : "move"));
        char buf[64];
        const char *name = named_in(text, json_object_get(deal, "competitors"), 0);
        if (!name) name = dc_notes_rival_named(n, text); /* "博越…": 博越重卡科技有限公司 */
        if (!name) name = clause_subject(text, words, buf, sizeof buf);
        if (!name && strcmp(when, "named") == 0) { /* only when the note names it */
            json_decref(p);
            return NULL;
        }
        if (!name) name = only_competitor(deal);
        if (name) json_object_set_new(p, "name", json_string(name));
        size_t start, end, at;
        dc_percent pc;
        sentence_of(text, words, &start, &end, &at);
        if (strcmp(what, "price-cut") == 0 && dc_percent_find(text, end, start, &pc))
            json_object_set_new(p, "percent", json_integer((json_int_t)(pc.value + 0.5)));
    }
    return p;
}

int dc_note_rivals_of(dc_notes *n, json_t *deal)
{
    json_t *list = json_object_get(deal, "competitors"); /* NULL deal: NULL */
    size_t count = json_is_array(list) ? json_array_size(list) : 0, named = 0;
    const char **names = malloc((count + 1) * sizeof *names);
    if (!names) return DC_ENOMEM;
    for (size_t i = 0; i < count; i++) {
        const char *name = json_string_value(json_object_get(json_array_get(list, i), "name"));
        if (name && *name) names[named++] = name;
    }
    int rc = dc_notes_set_rivals(n, names, named);
    free(names);
    return rc;
}

json_t *dc_note_facts_of(dc_notes *n, json_t *deal, const char *text, json_int_t index)
{
    json_t *out = json_array();
    struct note_hits h = {json_array()};
    if (!out || !h.list || dc_note_rivals_of(n, deal)) goto fail;
    if (text) dc_notes_scan(n, text, keep_hit, &h); /* what was read counts */
    size_t i;
    json_t *hit;
    int budget_seen = 0;
    json_array_foreach(h.list, i, hit) {
        const char *signal = json_string_value(json_array_get(hit, 0));
        const char *words = json_string_value(json_array_get(hit, 1));
        json_t *p = proposal_for(n, deal, text, index, signal, words);
        const char *kind = json_string_value(json_object_get(p, "kind"));
        if (kind && strcmp(kind, "budget") == 0 && budget_seen++) { /* one budget change a note */
            json_decref(p);
            continue;
        }
        if (p) json_array_append_new(out, p);
    }
    json_decref(h.list);
    return out;
fail:
    json_decref(out);
    json_decref(h.list);
    return NULL;
}

/* The entry of list `path` called `name`, or NULL. */
static json_t *entry_named(json_t *deal, const char *path, const char *name)
{
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(deal, path), i, e) {
        const char *n = json_string_value(json_object_get(e, "name"));
        if (n && name && strcmp(n, name) == 0) return e;
    }
    return NULL;
}

/* Does the deal already record what proposal p proposes (the rep accepted
 * it in the session, or wrote it in the deal)? */
static int already_recorded(json_t *deal, json_t *p)
{
    dc_note_edit e;
    if (!dc_note_fact_edit(p, &e)) return 0;
    if (e.key) {
        json_t *entry = entry_named(deal, e.path, e.value);
        json_t *v = json_object_get(entry, e.key);
        if (e.add) return has_item(v, e.text);
        return strcmp(e.text, "yes") == 0 ? json_is_true(v)
                                         : json_is_string(v) && strcmp(json_string_value(v), e.text) == 0;
    }
    if (strcmp(e.path, "budget") == 0) {
        json_t *budget = json_object_get(deal, "budget");
        return json_is_number(budget) && json_number_value(budget) == atof(e.value);
    }
    return has_item(json_object_get(deal, e.path), e.value);
}

json_t *dc_note_facts(dc_notes *n, json_t *deal)
{
    json_t *all = json_array();
    size_t i, k;
    json_t *note, *p;
    json_array_foreach(json_object_get(deal, "notes"), i, note) {
        if (!all || dc_notes_out_of_time(n)) break;
        json_t *some = dc_note_facts_of(n, deal, json_string_value(note), (json_int_t)i);
        if (!some) {
            json_decref(all);
            return NULL;
        }
        json_array_foreach(some, k, p)
            if (!already_recorded(deal, p) && json_array_append(all, p)) {
                json_decref(some);
                json_decref(all);
                return NULL;
            }
        json_decref(some);
    }
    return all;
}

static const char *str_of(json_t *p, const char *key)
{
    return json_string_value(json_object_get(p, key));
}

int dc_note_fact_edit(json_t *proposal, dc_note_edit *e)
{
    const char *kind = str_of(proposal, "kind");
    const char *change = str_of(proposal, "change");
    const char *name = str_of(proposal, "name");
    memset(e, 0, sizeof *e);
    e->add = 1;
    if (!kind) return 0;
    if (strcmp(kind, "criterion") == 0) {
        e->path = "criteria";
        e->value = str_of(proposal, "id");
        return e->value != NULL;
    }
    if (strcmp(kind, "person") == 0 && change) {
        if (strcmp(change, "promoted") == 0) return 0;
        int attitude = strcmp(change, "supporter") == 0 || strcmp(change, "opponent") == 0;
        if (name && (attitude || strcmp(change, "leaving") == 0)) {
            e->path = "people";
            e->value = name;
            e->key = attitude ? "attitude" : "leaving";
            e->text = attitude ? change : "yes";
            e->add = 0;
            return 1;
        }
        if (attitude) return 0;
    }
    if (strcmp(kind, "budget") == 0) {
        json_t *budget = json_object_get(proposal, "budget");
        if (!json_is_integer(budget)) return 0; /* no figure, or another currency: shown only */
        snprintf(e->buf, sizeof e->buf, "%" JSON_INTEGER_FORMAT, json_integer_value(budget));
        e->path = "budget";
        e->value = e->buf;
        e->add = 0;
        return 1;
    }
    if (strcmp(kind, "competitor") == 0 && name) {
        e->path = "competitors";
        e->value = name;
        e->key = "moves";
        e->text = str_of(proposal, "move");
        return e->text != NULL;
    }
    /* no entry to change: the note's own signal, when the move or change has one */
    const char *signal = str_of(proposal, "signal");
    if (!signal || json_is_true(json_object_get(proposal, "fact_only"))) return 0;
    e->path = "signals";
    e->value = signal;
    return 1;
}

/* Apply one edit to the deal as the session would. DC_OK or DC_ENOMEM. */
static int apply_edit(json_t *deal, const dc_note_edit *e)
{
    if (strcmp(e->path, "budget") == 0)
        return json_object_set_new(deal, "budget", json_integer(atoll(e->value))) ? DC_ENOMEM : DC_OK;
    json_t *list = json_object_get(deal, e->path);
    if (!json_is_array(list)) {
        list = json_array();
        if (!list || json_object_set_new(deal, e->path, list)) return DC_ENOMEM;
    }
    if (!e->key) return has_item(list, e->value) || !json_array_append_new(list, json_string(e->value))
                           ? DC_OK : DC_ENOMEM;
    json_t *entry = entry_named(deal, e->path, e->value);
    if (!entry && !e->add) return DC_OK; /* nobody of that name: nothing to change */
    if (!entry) {
        entry = json_pack("{ss}", "name", e->value);
        if (!entry || json_array_append_new(list, entry)) return DC_ENOMEM;
    }
    if (!e->add) {
        json_t *v = strcmp(e->text, "yes") == 0 ? json_true() : json_string(e->text);
        return json_object_set_new(entry, e->key, v) ? DC_ENOMEM : DC_OK;
    }
    json_t *items = json_object_get(entry, e->key);
    if (!json_is_array(items)) {
        items = json_array();
        if (!items || json_object_set_new(entry, e->key, items)) return DC_ENOMEM;
    }
    return has_item(items, e->text) || !json_array_append_new(items, json_string(e->text))
               ? DC_OK : DC_ENOMEM;
}

int dc_note_facts_apply(json_t *deal, json_t *proposals)
{
    size_t i;
    json_t *p;
    json_array_foreach(proposals, i, p) {
        dc_note_edit e;
        /* a signal from a note is in effect already; the rest is applied */
        if (!dc_note_fact_edit(p, &e) || strcmp(e.path, "signals") == 0) continue;
        int rc = apply_edit(deal, &e);
        if (rc) return rc;
    }
    return DC_OK;
}
