/* notes_learned.c - signals learned from labelled example notes: features,
 * the model file, training. See notes_learned.h. */
#define _POSIX_C_SOURCE 200809L

#include "notes_learned.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "digest.h"

/* ---------------------------------------------------------------- features */

#define WORD_MAX 48 /* longer English "words" (URLs, pasted ids) give no feature */

static int push(dc_features *f, uint64_t hash, size_t at)
{
    if (f->count == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 64;
        uint64_t *h = realloc(f->hash, cap * sizeof *h);
        if (!h) return -1;
        f->hash = h;
        size_t *a = realloc(f->at, cap * sizeof *a);
        if (!a) return -1;
        f->at = a;
        f->cap = cap;
    }
    f->hash[f->count] = hash;
    f->at[f->count++] = at;
    return 0;
}

/* One feature: its kind (a letter) and bytes; again with 'N' before the
 * kind when it is denied. */
static int feature(dc_features *f, char kind, const char *s, size_t len, size_t at, int denied)
{
    uint64_t h = dc_digest(DC_DIGEST_SEED, &kind, 1);
    if (push(f, dc_digest(h, s, len), at)) return -1;
    if (!denied) return 0;
    uint64_t n = dc_digest(DC_DIGEST_SEED, "N", 1);
    return push(f, dc_digest(dc_digest(n, &kind, 1), s, len), at);
}

static size_t utf8_length(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static int is_han_at(const unsigned char *s, size_t len)
{
    if (len < 3 || (s[0] & 0xF0) != 0xE0) return 0;
    unsigned cp = (unsigned)(s[0] & 0x0F) << 12 | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    return cp >= 0x3400 && cp <= 0x9FFF;
}

static int is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A run of Han characters [start, end): its characters, pairs and triples. */
static int han_run(dc_features *f, const char *t, size_t start, size_t end, const unsigned char *marks)
{
    for (size_t i = start; i < end; i += 3)
        for (size_t n = 1; n <= 3 && i + 3 * n <= end; n++)
            if (feature(f, 'c', t + i, 3 * n, i, marks[i] & DC_FEATURE_DENIED)) return -1;
    return 0;
}

/* An English word (lower case, at most WORD_MAX bytes): itself, its
 * four-letter pieces with ^ and $ at its ends (so "discout" shares most of
 * "discount"'s), and the pair with the word before it in the clause. */
static int word(dc_features *f, const char *w, size_t len, size_t at, int denied, char *prev, size_t *prev_len)
{
    if (feature(f, 'w', w, len, at, denied)) return -1;
    char framed[WORD_MAX + 2];
    framed[0] = '^';
    memcpy(framed + 1, w, len);
    framed[len + 1] = '$';
    for (size_t i = 0; i + 4 <= len + 2; i++)
        if (feature(f, 'g', framed + i, 4, at, 0)) return -1;
    if (*prev_len) {
        char pair[2 * WORD_MAX + 1];
        memcpy(pair, prev, *prev_len);
        pair[*prev_len] = '_';
        memcpy(pair + *prev_len + 1, w, len);
        if (feature(f, 'b', pair, *prev_len + 1 + len, at, 0)) return -1;
    }
    memcpy(prev, w, len);
    *prev_len = len;
    return 0;
}

/* One clause [start, end). */
static int clause(dc_features *f, const char *t, size_t start, size_t end, const unsigned char *marks)
{
    const unsigned char *u = (const unsigned char *)t;
    char prev[WORD_MAX], w[WORD_MAX];
    size_t prev_len = 0;
    for (size_t i = start; i < end;) {
        if (is_han_at(u + i, end - i)) {
            size_t j = i;
            while (j < end && is_han_at(u + j, end - j)) j += 3;
            if (han_run(f, t, i, j, marks)) return -1;
            i = j;
        } else if (is_letter(t[i])) {
            size_t j = i, n = 0;
            while (j < end && (is_letter(t[j]) || t[j] == '\'' || t[j] == '-')) {
                if (n < WORD_MAX) w[n] = t[j] >= 'A' && t[j] <= 'Z' ? (char)(t[j] | 0x20) : t[j];
                n++, j++;
            }
            if (n <= WORD_MAX && word(f, w, n, i, marks[i] & DC_FEATURE_DENIED, prev, &prev_len))
                return -1;
            i = j;
        } else if (t[i] >= '0' && t[i] <= '9') {
            size_t j = i;
            while (j < end && t[j] >= '0' && t[j] <= '9') j++;
            int pct = j < end && t[j] == '%';
            if (feature(f, 'n', pct ? "%" : "", pct, i, 0)) return -1;
            i = j + pct;
        } else {
            i += utf8_length(u[i]);
        }
    }
    return 0;
}

static int compare_feature(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b;
    return (x[0] > y[0]) - (x[0] < y[0]);
}

/* Each hash once, with its first place. */
static int unique(dc_features *f, size_t from)
{
    size_t n = f->count - from;
    uint64_t *pairs = malloc(2 * n * sizeof *pairs + 1);
    if (!pairs) return -1;
    for (size_t i = 0; i < n; i++) {
        pairs[2 * i] = f->hash[from + i];
        pairs[2 * i + 1] = f->at[from + i];
    }
    qsort(pairs, n, 2 * sizeof *pairs, compare_feature); /* not stable: keep the least place */
    size_t out = from;
    for (size_t i = 0; i < n; i++) {
        if (out > from && f->hash[out - 1] == pairs[2 * i]) {
            if (pairs[2 * i + 1] < f->at[out - 1]) f->at[out - 1] = (size_t)pairs[2 * i + 1];
            continue;
        }
        f->hash[out] = pairs[2 * i];
        f->at[out++] = (size_t)pairs[2 * i + 1];
    }
    f->count = out;
    free(pairs);
    return 0;
}

int dc_features_of(dc_features *f, const char *text, size_t len, const unsigned char *marks)
{
    size_t from = f->count;
    for (size_t start = 0, end; start < len; start = end + 1) {
        for (end = start; end < len && !(marks[end] & DC_FEATURE_BREAK); end++) {}
        if (end > start && clause(f, text, start, end, marks)) return -1;
    }
    size_t last = len;
    while (last > 0 && text[last - 1] == ' ') last--;
    if (last > 0 && text[last - 1] == '?' && feature(f, 'q', "", 0, last - 1, 0)) return -1;
    return unique(f, from);
}

int dc_features_add_name(dc_features *f, const char *name, size_t at, int denied)
{
    return feature(f, 'k', name, strlen(name), at, denied);
}

int dc_features_settle(dc_features *f)
{
    return unique(f, 0);
}

void dc_features_free(dc_features *f)
{
    if (!f) return;
    free(f->hash);
    free(f->at);
    memset(f, 0, sizeof *f);
}

/* ------------------------------------------------------------ the model file
 *
 * MAGIC; u32 signals, slots (a power of 2), entries, the longest probe (the
 * most slots a lookup of a feature in the table reads); f64 confirm, add;
 * per signal its id (NAME_SIZE bytes, NUL-padded); per signal its bias
 * (f32, padded to 8 bytes); the slots: a hash table of features (struct
 * slot: the feature's hash, a slot at its low bits and the tag its high 32;
 * its run of entries, run 0: empty), each entry a signal and the feature's
 * weight for it in 1/WEIGHT_SCALE; then the XXH3 of the head, the names and
 * the biases. */

#define MAGIC "dc-learned 3.0\n" /* 16 bytes with its NUL; 2.0: 8-byte slots, 4-byte entries; 3.0: the longest probe */
#define NAME_SIZE 64
#define HEAD (16 + 4 * 4 + 2 * 8)
#define SIGNALS_MAX 1024

struct slot {
    uint32_t tag; /* the hash's high 32 bits */
    uint32_t run; /* first entry << 8 | count (at most RUN_MAX); 0: empty */
};

#define RUN_MAX 255
#define WEIGHT_SCALE 4096.0 /* weights are kept in 1/4096, from -8 to 8 */

struct entry {
    uint16_t signal;
    int16_t weight;
};

struct dc_learned {
    const unsigned char *map;
    size_t size;
    uint32_t nsignals, nslots, nentries, probes;
    double confirm, add;
    const char *names;
    const float *bias;
    const struct slot *slots;
    const struct entry *entries;
};

static size_t bias_size(uint32_t nsignals)
{
    return ((size_t)nsignals * sizeof(float) + 7) / 8 * 8;
}

static int refuse(char *why, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (why && size) vsnprintf(why, size, fmt, ap);
    va_end(ap);
    return -1;
}

/* The bytes of the head, the names and the biases: what the check sum at
 * the end of the file covers. */
static size_t head_size(uint32_t nsignals)
{
    return HEAD + (size_t)nsignals * NAME_SIZE + bias_size(nsignals);
}

int dc_signal_id_valid(const char *id)
{
    if (!*id || *id == '-') return 0;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || (*p == '-' && p[1] != '-' && p[1])))
            return 0;
    return 1;
}

/* Is the mapped file a sound model? Fills m's tables. Its head, names and
 * biases are checked here (their sum, sizes, names, thresholds); the
 * tables of features are too large to read at every start, so each slot
 * and weight is checked where a score reads it: a damaged one may change a
 * score, never read outside the file. */
static int sound(dc_learned *m, const char *path, char *why, size_t size)
{
    const unsigned char *p = m->map;
    if (m->size < HEAD + 8 || memcmp(p, MAGIC, 16) != 0)
        return refuse(why, size, "%s: not a dealcoach model (dc-learned 3.0; make it with gen_notes_model)", path);
    uint32_t head[4];
    memcpy(head, p + 16, sizeof head);
    m->nsignals = head[0], m->nslots = head[1], m->nentries = head[2], m->probes = head[3];
    memcpy(&m->confirm, p + 32, 8);
    memcpy(&m->add, p + 40, 8);
    if (m->nsignals == 0 || m->nsignals > SIGNALS_MAX || m->nslots == 0 || (m->nslots & (m->nslots - 1)) ||
        m->nslots > (1u << 26) || m->nentries > (1u << 24) || m->probes == 0 || m->probes > m->nslots)
        return refuse(why, size, "%s: damaged (its tables' sizes are out of range)", path);
    size_t want = head_size(m->nsignals) + (size_t)m->nslots * sizeof(struct slot) +
                  (size_t)m->nentries * sizeof(struct entry) + 8;
    if (m->size != want) return refuse(why, size, "%s: %zu bytes, its tables make %zu", path, m->size, want);
    uint64_t sum;
    memcpy(&sum, p + m->size - 8, 8);
    if (dc_digest(DC_DIGEST_SEED, p, head_size(m->nsignals)) != sum)
        return refuse(why, size, "%s: damaged (its check sum does not match)", path);
    m->names = (const char *)p + HEAD;
    m->bias = (const float *)(p + HEAD + (size_t)m->nsignals * NAME_SIZE);
    m->slots = (const struct slot *)(p + head_size(m->nsignals));
    m->entries = (const struct entry *)(m->slots + m->nslots);
    for (uint32_t i = 0; i < m->nsignals; i++) {
        const char *name = m->names + (size_t)i * NAME_SIZE;
        if (!memchr(name, '\0', NAME_SIZE) || !dc_signal_id_valid(name) || !isfinite(m->bias[i]))
            return refuse(why, size, "%s: signal %u has no valid id or no bias", path, i);
    }
    if (!(m->confirm >= 0 && m->confirm <= 1 && m->add >= 0 && m->add <= 1.01))
        return refuse(why, size, "%s: its thresholds are out of range", path);
    return 0;
}

dc_learned *dc_learned_open(const char *path, char *why, size_t size)
{
    dc_learned *m = calloc(1, sizeof *m);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (!m) {
        refuse(why, size, "out of memory");
        goto fail;
    }
    if (fd < 0 || fstat(fd, &st) != 0) {
        refuse(why, size, "%s: %s", path, strerror(errno));
        goto fail;
    }
    if (st.st_size < HEAD + 8 || (uint64_t)st.st_size > (1ull << 32)) {
        refuse(why, size, "%s: not a dealcoach model (%lld bytes)", path, (long long)st.st_size);
        goto fail;
    }
    m->size = (size_t)st.st_size;
    void *map = mmap(NULL, m->size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
        refuse(why, size, "%s: %s", path, strerror(errno));
        goto fail;
    }
    m->map = map;
    /* No madvise: a score reads a few hundred scattered slots, and the
     * kernel's fault-around maps their neighbours in fewer faults (162
     * against 235 for one deal with POSIX_MADV_RANDOM). The resident size
     * counts the mapped pages: clean page cache, shared. */
    if (sound(m, path, why, size)) goto fail;
    close(fd);
    return m;
fail:
    if (fd >= 0) close(fd);
    dc_learned_close(m);
    return NULL;
}

void dc_learned_close(dc_learned *m)
{
    if (!m) return;
    if (m->map) munmap((void *)m->map, m->size);
    free(m);
}

size_t dc_learned_signal_count(const dc_learned *m) { return m->nsignals; }
const char *dc_learned_signal(const dc_learned *m, size_t i) { return m->names + i * NAME_SIZE; }
double dc_learned_confirm(const dc_learned *m) { return m->confirm; }
double dc_learned_add(const dc_learned *m) { return m->add; }

static const struct slot *find_slot(const dc_learned *m, uint64_t hash)
{
    uint32_t tag = (uint32_t)(hash >> 32);
    for (uint32_t i = (uint32_t)hash & (m->nslots - 1), probes = 0; probes < m->probes;
         i = (i + 1) & (m->nslots - 1), probes++) {
        const struct slot *s = &m->slots[i];
        if (s->run == 0) return NULL;
        if (s->tag == tag) return s;
    }
    return NULL;
}

static double sigmoid(double z)
{
    if (z > 30) z = 30;
    if (z < -30) z = -30;
    return 1 / (1 + exp(-z));
}

void dc_learned_score(const dc_learned *m, const dc_features *f, double *prob, size_t *top)
{
    float best[SIGNALS_MAX];
    for (uint32_t s = 0; s < m->nsignals; s++) {
        prob[s] = m->bias[s];
        top[s] = f->count;
        best[s] = 0;
    }
    for (size_t i = 0; i < f->count; i++) {
        const struct slot *sl = find_slot(m, f->hash[i]);
        uint32_t first = sl ? sl->run >> 8 : 0, count = sl ? sl->run & RUN_MAX : 0;
        if (first > m->nentries || count > m->nentries - first) continue; /* damaged */
        for (uint32_t k = 0; k < count; k++) {
            const struct entry *e = &m->entries[first + k];
            if (e->signal >= m->nsignals) continue; /* damaged */
            double w = e->weight / WEIGHT_SCALE;
            prob[e->signal] += w;
            if (w > best[e->signal]) best[e->signal] = (float)w, top[e->signal] = i;
        }
    }
    for (uint32_t s = 0; s < m->nsignals; s++) prob[s] = sigmoid(prob[s]);
}

/* ---------------------------------------------------------------- training */

#define EPOCHS 10
#define SNAPSHOTS 4 /* per epoch of the second half, averaged into the model */
#define RUNS 5 /* trainings in different orders, averaged too */
#define RATE 0.2
#define L2 1e-4
#define PRUNE 0.05f /* smaller weights are left out of the file */
#define WEIGHT_POSITIVE 1.0
#define WEIGHT_NEGATIVE 6.0 /* a "-" line: a near miss, the costlier mistake */
#define WEIGHT_OTHER 0.25   /* a "+" line of another signal */

struct example {
    uint32_t signal;
    int positive;
    uint32_t *features; /* indexes into the learner's features */
    size_t count;
};

struct dc_learner {
    char **signals;
    size_t nsignals;
    struct example *examples;
    size_t nexamples, capexamples;
    uint64_t *hashes; /* feature index -> hash */
    size_t nfeatures, capfeatures;
    uint32_t *table; /* hash -> feature index + 1; 0 empty */
    size_t nslots;
};

dc_learner *dc_learner_new(void)
{
    return calloc(1, sizeof(dc_learner));
}

void dc_learner_free(dc_learner *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->nsignals; i++) free(l->signals[i]);
    free(l->signals);
    for (size_t i = 0; i < l->nexamples; i++) free(l->examples[i].features);
    free(l->examples);
    free(l->hashes);
    free(l->table);
    free(l);
}

static int grow_table(dc_learner *l)
{
    size_t nslots = l->nslots ? 2 * l->nslots : 1024;
    uint32_t *t = calloc(nslots, sizeof *t);
    if (!t) return -1;
    for (size_t i = 0; i < l->nfeatures; i++) {
        size_t at = l->hashes[i] & (nslots - 1);
        while (t[at]) at = (at + 1) & (nslots - 1);
        t[at] = (uint32_t)i + 1;
    }
    free(l->table);
    l->table = t;
    l->nslots = nslots;
    return 0;
}

/* The index of a feature, added when new; -1 when out of memory. */
static long feature_index(dc_learner *l, uint64_t hash)
{
    if (2 * (l->nfeatures + 1) > l->nslots && grow_table(l)) return -1;
    size_t at = hash & (l->nslots - 1);
    for (; l->table[at]; at = (at + 1) & (l->nslots - 1))
        if (l->hashes[l->table[at] - 1] == hash) return (long)l->table[at] - 1;
    if (l->nfeatures == l->capfeatures) {
        size_t cap = l->capfeatures ? 2 * l->capfeatures : 1024;
        uint64_t *h = realloc(l->hashes, cap * sizeof *h);
        if (!h) return -1;
        l->hashes = h;
        l->capfeatures = cap;
    }
    l->hashes[l->nfeatures] = hash;
    l->table[at] = (uint32_t)++l->nfeatures;
    return (long)l->nfeatures - 1;
}

static long signal_index(dc_learner *l, const char *signal)
{
    for (size_t i = 0; i < l->nsignals; i++)
        if (strcmp(l->signals[i], signal) == 0) return (long)i;
    if (l->nsignals == SIGNALS_MAX || strlen(signal) >= NAME_SIZE) return -2;
    char **s = realloc(l->signals, (l->nsignals + 1) * sizeof *s);
    if (!s) return -1;
    l->signals = s;
    if (!(s[l->nsignals] = strdup(signal))) return -1;
    return (long)l->nsignals++;
}

int dc_learner_add(dc_learner *l, const char *signal, int positive, const dc_features *f)
{
    long sig = signal_index(l, signal);
    if (sig == -2) return 0; /* no room for it in the file: the patterns keep it */
    if (sig < 0) return -1;
    if (l->nexamples == l->capexamples) {
        size_t cap = l->capexamples ? 2 * l->capexamples : 256;
        struct example *e = realloc(l->examples, cap * sizeof *e);
        if (!e) return -1;
        l->examples = e;
        l->capexamples = cap;
    }
    struct example *e = &l->examples[l->nexamples];
    e->signal = (uint32_t)sig;
    e->positive = positive;
    e->count = f->count;
    e->features = malloc(f->count * sizeof *e->features + 1);
    if (!e->features) return -1;
    for (size_t i = 0; i < f->count; i++) {
        long k = feature_index(l, f->hash[i]);
        if (k < 0) {
            free(e->features);
            return -1;
        }
        e->features[i] = (uint32_t)k;
    }
    l->nexamples++;
    return 0;
}

size_t dc_learner_example_count(const dc_learner *l) { return l->nexamples; }
size_t dc_learner_signal_count(const dc_learner *l) { return l->nsignals; }

/* xorshift64*: the shuffles are the same on every run. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12, x ^= x << 25, x ^= x >> 27;
    *state = x;
    return x * 2685821657736338717ull;
}

struct triple {
    uint32_t feature, signal;
    float weight;
};

/* Logistic regression of one signal against the others, by stochastic
 * gradient descent over its examples (its own lines, and the positive
 * lines of the other signals): the weights are the average of snapshots
 * over the second half of RUNS trainings, each in its own order. Appends
 * its weights of at least PRUNE to *out. 0, or -1 when out of memory. */
static int train_signal(dc_learner *l, uint32_t sig, double *w, float *bias, struct triple **out, size_t *nout,
                        size_t *capout)
{
    size_t *order = malloc(l->nexamples * sizeof *order + 1), n = 0;
    if (!order) return -1;
    for (size_t i = 0; i < l->nexamples; i++)
        if (l->examples[i].signal == sig || l->examples[i].positive) order[n++] = i;
    double *sum = calloc(l->nfeatures + 1, sizeof *sum), b = 0, bsum = 0;
    int snapshots = 0;
    if (!sum) {
        free(order);
        return -1;
    }
    for (int run = 0; run < RUNS; run++) {
        memset(w, 0, l->nfeatures * sizeof *w);
        b = 0;
        uint64_t state = 0x9E3779B97F4A7C15ull ^ ((uint64_t)sig + 1) * 0xBF58476D1CE4E5B9ull ^
                         (uint64_t)run * 0x94D049BB133111EBull; /* the same bytes every build */
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (size_t i = n; i > 1; i--) { /* Fisher-Yates */
                size_t j = (size_t)(next_random(&state) % i), t = order[i - 1];
                order[i - 1] = order[j], order[j] = t;
            }
            for (size_t i = 0; i < n; i++) {
                const struct example *e = &l->examples[order[i]];
                int own = e->signal == sig;
                double y = own && e->positive ? 1 : 0;
                double cost = !own ? WEIGHT_OTHER : e->positive ? WEIGHT_POSITIVE : WEIGHT_NEGATIVE;
                double z = b;
                for (size_t k = 0; k < e->count; k++) z += w[e->features[k]];
                double g = (sigmoid(z) - y) * cost;
                b -= RATE * g;
                for (size_t k = 0; k < e->count; k++) w[e->features[k]] -= RATE * (g + L2 * w[e->features[k]]);
                if (epoch >= EPOCHS / 2 && (i + 1) % (n / SNAPSHOTS + 1) == 0) { /* averaged SGD */
                    for (size_t k = 0; k < l->nfeatures; k++) sum[k] += w[k];
                    bsum += b, snapshots++;
                }
            }
        }
    }
    free(order);
    if (snapshots) {
        for (size_t k = 0; k < l->nfeatures; k++) w[k] = sum[k] / snapshots;
        b = bsum / snapshots;
    }
    free(sum);
    *bias = (float)b;
    for (size_t k = 0; k < l->nfeatures; k++) {
        if (fabs(w[k]) < PRUNE) continue;
        if (*nout == *capout) {
            size_t cap = *capout ? 2 * *capout : 4096;
            struct triple *t = realloc(*out, cap * sizeof *t);
            if (!t) return -1;
            *out = t;
            *capout = cap;
        }
        (*out)[(*nout)++] = (struct triple){(uint32_t)k, sig, (float)w[k]};
    }
    return 0;
}

static int compare_triple(const void *a, const void *b)
{
    const struct triple *x = a, *y = b;
    if (x->feature != y->feature) return (x->feature > y->feature) - (x->feature < y->feature);
    return (x->signal > y->signal) - (x->signal < y->signal);
}

static void put(unsigned char **p, const void *data, size_t len)
{
    memcpy(*p, data, len);
    *p += len;
}

int dc_learner_write(dc_learner *l, const char *path, double confirm, double add, char *why, size_t size)
{
    int rc = -1;
    double *w = malloc(l->nfeatures * sizeof *w + 1);
    float *bias = calloc(l->nsignals + 1, sizeof *bias);
    struct triple *t = NULL;
    size_t nt = 0, capt = 0, nslots = 1, longest = 1;
    unsigned char *file = NULL;
    char *tmp = NULL;
    struct slot *slots = NULL;
    if (!w || !bias) goto oom;
    if (l->nsignals == 0) {
        refuse(why, size, "no examples to learn from");
        goto out;
    }
    for (uint32_t s = 0; s < l->nsignals; s++)
        if (train_signal(l, s, w, &bias[s], &t, &nt, &capt)) goto oom;
    if (nt >= (1u << 24)) {
        refuse(why, size, "too many weights (%zu) for the model file", nt);
        goto out;
    }
    qsort(t, nt, sizeof *t, compare_triple);
    size_t nused = 0;
    for (size_t i = 0; i < nt; i++) nused += i == 0 || t[i].feature != t[i - 1].feature;
    while (nslots < nused + nused / 2 + 1) nslots *= 2; /* at most two thirds full */
    slots = calloc(nslots, sizeof *slots);
    if (!slots) goto oom;
    for (size_t i = 0; i < nt;) {
        size_t j = i;
        while (j < nt && t[j].feature == t[i].feature && j - i < RUN_MAX) j++;
        uint64_t hash = l->hashes[t[i].feature];
        size_t at = hash & (nslots - 1), probe = 1;
        while (slots[at].run) at = (at + 1) & (nslots - 1), probe++;
        if (probe > longest) longest = probe;
        slots[at] = (struct slot){(uint32_t)(hash >> 32), (uint32_t)i << 8 | (uint32_t)(j - i)};
        while (j < nt && t[j].feature == t[i].feature) j++; /* beyond RUN_MAX signals: left out */
        i = j;
    }
    size_t total = HEAD + l->nsignals * NAME_SIZE + bias_size((uint32_t)l->nsignals) + nslots * sizeof *slots +
                   nt * sizeof(struct entry) + 8;
    file = calloc(1, total);
    if (!file) goto oom;
    unsigned char *p = file;
    put(&p, MAGIC, 16);
    uint32_t head[4] = {(uint32_t)l->nsignals, (uint32_t)nslots, (uint32_t)nt, (uint32_t)longest};
    put(&p, head, sizeof head);
    put(&p, &confirm, 8);
    put(&p, &add, 8);
    for (size_t s = 0; s < l->nsignals; s++) {
        strncpy((char *)p, l->signals[s], NAME_SIZE - 1);
        p += NAME_SIZE;
    }
    put(&p, bias, l->nsignals * sizeof *bias);
    p = file + HEAD + l->nsignals * NAME_SIZE + bias_size((uint32_t)l->nsignals);
    put(&p, slots, nslots * sizeof *slots);
    for (size_t i = 0; i < nt; i++) {
        double scaled = t[i].weight * WEIGHT_SCALE;
        struct entry e = {(uint16_t)t[i].signal,
                          (int16_t)(scaled > 32767 ? 32767 : scaled < -32767 ? -32767 : lrint(scaled))};
        put(&p, &e, sizeof e);
    }
    uint64_t sum = dc_digest(DC_DIGEST_SEED, file, head_size((uint32_t)l->nsignals));
    put(&p, &sum, 8);
    /* Into a new file renamed over the old one: a process that has the old
     * one mapped keeps reading it whole, and an interrupted write leaves no
     * half model behind. */
    tmp = malloc(strlen(path) + 16);
    if (!tmp) goto oom;
    snprintf(tmp, strlen(path) + 16, "%s.tmp%ld", path, (long)getpid() % 1000000000L);
    FILE *fp = fopen(tmp, "wb");
    int written = fp && fwrite(file, 1, total, fp) == total && fflush(fp) == 0 && fsync(fileno(fp)) == 0;
    int e = errno;
    if (fp && fclose(fp) != 0 && written) written = 0, e = errno;
    if (written && rename(tmp, path) != 0) written = 0, e = errno;
    if (!written) {
        if (fp) unlink(tmp);
        refuse(why, size, "%s: %s", fp ? path : tmp, strerror(e ? e : EIO));
        goto out;
    }
    rc = 0;
    goto out;
oom:
    refuse(why, size, "out of memory");
out:
    free(w);
    free(bias);
    free(t);
    free(slots);
    free(file);
    free(tmp);
    return rc;
}
