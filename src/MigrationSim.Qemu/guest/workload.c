/*
 * MigrationSim guest workload: runs as PID 1 (/init) of a diskless initramfs.
 *
 * It dirties guest memory at a known rate and pattern so that a real QEMU
 * migration can be compared with the simulator's prediction for the same
 * workload.  Parameters come from the kernel command line (/proc/cmdline),
 * because the kernel treats dotted "migsim.x=y" words as module parameters
 * and does not hand them to init as argv or environment.
 *
 * Parameters (sizes in 4096-byte pages, rates in page-writes per second):
 *   migsim.kind=idle|uniform|hotspot|sequential|zipf|phased
 *   migsim.ws=PAGES           working-set size
 *   migsim.rate=PAGES_PER_S   write rate (float)
 *   migsim.resident=PAGES     extra memory filled once, never written again
 *   migsim.hot_frac=F migsim.hot_share=F   hotspot shape
 *   migsim.zipf_s=S           zipf exponent, rank r -> page r-1
 *   migsim.phases=kind:seconds:rate[,...]  phased (idle|uniform|sequential)
 *   migsim.seed=N
 *   migsim.max_lag_ms=MS      how far behind schedule the writer may catch up
 *                             (default 100); a longer stall (vCPU throttled or
 *                             paused) loses the writes, as a CPU-bound program would.
 *   migsim.tlb_flush=0|1      flush the whole TLB every step (default 1), see below.
 *   migsim.write_bytes=N      bytes one write changes in its page (default 8, a multiple
 *                             of 8 up to 4096): xbzrle sends a page as its XOR delta to the
 *                             cached copy, so how much of a page a write changes decides
 *                             what it compresses to.  The bytes start at offset 8 (or end at
 *                             the page's end when that does not fit) and all differ from
 *                             what the previous write left there.
 *
 * Why the TLB flush: QEMU 7.2 under TCG clears the migration dirty bitmap at each
 * sync without resetting the softmmu TLB entries that already allow direct writes
 * (later QEMU added cpu_physical_memory_dirty_bits_cleared -> tlb_reset_dirty_range_all).
 * Guest writes through such stale entries are not recorded, pages are not re-sent,
 * and the destination's kernel crashes (seen here: NULL hrtimer callback right after
 * a 64 MiB/s precopy). A guest CR3 reload makes TCG drop its whole TLB, and Linux
 * reloads CR3 for a >33-page mprotect on a CPU without PCID (qemu64), so toggling
 * the protection of a small scratch area every step bounds the untracked window
 * to about one step.  Harmless under KVM.
 *
 * Serial output (console=ttyS0):
 *   migsim: ready ws=<pages> resident=<pages> kind=<kind> rate=<r>
 *   migsim: t=<seconds since ready> writes=<writes in the last interval> total=<writes>
 *
 * PID 1 must never exit (the kernel panics), so every error path ends in pause().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PAGE_BYTES 4096UL
#define MAX_PHASES 32

enum kind { K_IDLE, K_UNIFORM, K_HOTSPOT, K_SEQUENTIAL, K_ZIPF, K_PHASED };

static const char *kind_names[] = { "idle", "uniform", "hotspot", "sequential", "zipf", "phased" };

struct phase {
    enum kind kind;
    double seconds;
    double rate;
};

struct params {
    enum kind kind;
    uint64_t ws_pages;
    double rate;
    uint64_t resident_pages;
    double hot_frac;
    double hot_share;
    double zipf_s;
    uint64_t seed;
    double max_lag_ms;
    int tlb_flush;
    uint64_t write_words;
    struct phase phases[MAX_PHASES];
    int phase_count;
};

static int out_fd = 1;

static void say(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof buf)
        n = sizeof buf - 1;
    ssize_t off = 0;
    while (off < n) {
        ssize_t w = write(out_fd, buf + off, (size_t)(n - off));
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        off += w;
    }
}

static void hang_forever(void)
{
    for (;;)
        pause();
}

static void fail(const char *what)
{
    say("migsim: error %s (errno %d: %s)\n", what, errno, strerror(errno));
    hang_forever();
}

/* The kernel gives init /dev/console as fds 0-2 only if the initramfs has that node. */
static void ensure_console(void)
{
    if (fcntl(1, F_GETFD) != -1)
        return;
    mkdir("/dev", 0755);
    mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
    int fd = open("/dev/console", O_WRONLY | O_NOCTTY);
    if (fd < 0)
        fd = open("/dev/ttyS0", O_WRONLY | O_NOCTTY);
    if (fd >= 0)
        out_fd = fd;
}

/* ---- xoshiro256** seeded by splitmix64: fast, good enough for page choice ---- */

static uint64_t rng_state[4];

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t rng_next(void)
{
    uint64_t *s = rng_state;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Lemire's multiply-shift: unbiased enough for n << 2^64 and far cheaper than %. */
static inline uint64_t rng_below(uint64_t n)
{
    return (uint64_t)(((unsigned __int128)rng_next() * n) >> 64);
}

static inline double rng_unit(void) { return (double)(rng_next() >> 11) * 0x1.0p-53; }

/* ---- Zipf by rejection-inversion (Hoermann & Derflinger 1996), O(1) per draw ---- */

static double zipf_exponent;
static double zipf_n;
static double zipf_h_integral_x1;
static double zipf_h_integral_n;
static double zipf_s_const;

static double helper1(double x) { return fabs(x) > 1e-8 ? log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x)); }
static double helper2(double x) { return fabs(x) > 1e-8 ? expm1(x) / x : 1 + x * 0.5 * (1 + x * (1.0 / 3) * (1 + 0.25 * x)); }

static double zipf_h(double x) { return exp(-zipf_exponent * log(x)); }

static double zipf_h_integral(double x)
{
    double log_x = log(x);
    return helper2((1 - zipf_exponent) * log_x) * log_x;
}

static double zipf_h_integral_inverse(double x)
{
    double t = x * (1 - zipf_exponent);
    if (t < -1)
        t = -1;
    return exp(helper1(t) * x);
}

static void zipf_init(uint64_t n, double s)
{
    zipf_exponent = s;
    zipf_n = (double)n;
    zipf_h_integral_x1 = zipf_h_integral(1.5) - 1;
    zipf_h_integral_n = zipf_h_integral(zipf_n + 0.5);
    zipf_s_const = 2 - zipf_h_integral_inverse(zipf_h_integral(2.5) - zipf_h(2));
}

/* Returns a rank in [1, n]. */
static uint64_t zipf_sample(void)
{
    for (;;) {
        double u = zipf_h_integral_n + rng_unit() * (zipf_h_integral_x1 - zipf_h_integral_n);
        double x = zipf_h_integral_inverse(u);
        double k = floor(x + 0.5);
        if (k < 1)
            k = 1;
        else if (k > zipf_n)
            k = zipf_n;
        if (k - x <= zipf_s_const || u >= zipf_h_integral(k + 0.5) - zipf_h(k))
            return (uint64_t)k;
    }
}

/* ---- parameters ---- */

static int parse_kind(const char *s, size_t len, enum kind *out)
{
    for (int i = 0; i < (int)(sizeof kind_names / sizeof kind_names[0]); i++) {
        if (strlen(kind_names[i]) == len && strncmp(kind_names[i], s, len) == 0) {
            *out = (enum kind)i;
            return 1;
        }
    }
    return 0;
}

static void parse_phases(struct params *p, const char *value)
{
    const char *cur = value;
    while (*cur && p->phase_count < MAX_PHASES) {
        const char *colon1 = strchr(cur, ':');
        if (!colon1)
            break;
        struct phase ph = { K_IDLE, 1.0, 0.0 };
        if (!parse_kind(cur, (size_t)(colon1 - cur), &ph.kind)
            || (ph.kind != K_IDLE && ph.kind != K_UNIFORM && ph.kind != K_SEQUENTIAL)) {
            say("migsim: error phase kind must be idle|uniform|sequential in '%s'\n", cur);
            hang_forever();
        }
        char *end;
        ph.seconds = strtod(colon1 + 1, &end);
        if (*end == ':')
            ph.rate = strtod(end + 1, &end);
        p->phases[p->phase_count++] = ph;
        cur = (*end == ',') ? end + 1 : end;
        if (*cur == '\0' || *cur == ' ')
            break;
    }
}

static void apply_param(struct params *p, const char *key, const char *value)
{
    if (strcmp(key, "migsim.kind") == 0) {
        if (!parse_kind(value, strlen(value), &p->kind)) {
            say("migsim: error unknown kind '%s'\n", value);
            hang_forever();
        }
    } else if (strcmp(key, "migsim.ws") == 0) {
        p->ws_pages = strtoull(value, NULL, 10);
    } else if (strcmp(key, "migsim.rate") == 0) {
        p->rate = strtod(value, NULL);
    } else if (strcmp(key, "migsim.resident") == 0) {
        p->resident_pages = strtoull(value, NULL, 10);
    } else if (strcmp(key, "migsim.hot_frac") == 0) {
        p->hot_frac = strtod(value, NULL);
    } else if (strcmp(key, "migsim.hot_share") == 0) {
        p->hot_share = strtod(value, NULL);
    } else if (strcmp(key, "migsim.zipf_s") == 0) {
        p->zipf_s = strtod(value, NULL);
    } else if (strcmp(key, "migsim.phases") == 0) {
        parse_phases(p, value);
    } else if (strcmp(key, "migsim.seed") == 0) {
        p->seed = strtoull(value, NULL, 10);
    } else if (strcmp(key, "migsim.tlb_flush") == 0) {
        p->tlb_flush = atoi(value);
    } else if (strcmp(key, "migsim.write_bytes") == 0) {
        unsigned long long bytes = strtoull(value, NULL, 10);
        if (bytes < 8 || bytes > PAGE_BYTES || bytes % 8 != 0) {
            say("migsim: error write_bytes=%s must be a multiple of 8 from 8 to %lu\n", value, PAGE_BYTES);
            hang_forever();
        }
        p->write_words = bytes / 8;
    } else if (strcmp(key, "migsim.max_lag_ms") == 0) {
        p->max_lag_ms = strtod(value, NULL);
    } else if (strncmp(key, "migsim.", 7) == 0) {
        say("migsim: warning unknown parameter %s\n", key);
    }
}

static void read_params(struct params *p)
{
    mkdir("/proc", 0555);
    if (mount("proc", "/proc", "proc", 0, NULL) != 0 && errno != EBUSY)
        fail("mount /proc");
    int fd = open("/proc/cmdline", O_RDONLY);
    if (fd < 0)
        fail("open /proc/cmdline");
    static char cmdline[8192];
    ssize_t n = read(fd, cmdline, sizeof cmdline - 1);
    close(fd);
    if (n < 0)
        fail("read /proc/cmdline");
    cmdline[n] = '\0';

    char *save = NULL;
    for (char *word = strtok_r(cmdline, " \t\n", &save); word; word = strtok_r(NULL, " \t\n", &save)) {
        char *eq = strchr(word, '=');
        if (!eq)
            continue;
        *eq = '\0';
        apply_param(p, word, eq + 1);
    }
}

/* ---- memory ---- */

static uint8_t *map_pages(uint64_t pages, const char *what)
{
    if (pages == 0)
        return NULL;
    void *mem = mmap(NULL, pages * PAGE_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
        fail(what);
    return mem;
}

/* Every page gets a distinct non-zero word so QEMU cannot send it as a zero page. */
static void fill_pages(uint8_t *base, uint64_t pages, uint64_t tag)
{
    for (uint64_t i = 0; i < pages; i++) {
        uint64_t *word = (uint64_t *)(base + i * PAGE_BYTES);
        word[0] = (tag << 48) | (i + 1);
        word[PAGE_BYTES / sizeof(uint64_t) - 1] = i + 1;
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static struct params params;
static uint8_t *ws_base;
static uint64_t seq_cursor;
static uint64_t hot_pages;
static uint64_t write_counter;

static inline uint64_t choose_page(enum kind kind)
{
    switch (kind) {
    case K_SEQUENTIAL: {
        uint64_t page = seq_cursor;
        seq_cursor = (seq_cursor + 1 == params.ws_pages) ? 0 : seq_cursor + 1;
        return page;
    }
    case K_HOTSPOT:
        if (hot_pages >= params.ws_pages || rng_unit() < params.hot_share)
            return rng_below(hot_pages);
        return hot_pages + rng_below(params.ws_pages - hot_pages);
    case K_ZIPF:
        return zipf_sample() - 1;
    case K_UNIFORM:
    default:
        return rng_below(params.ws_pages);
    }
}

static inline void write_one(enum kind kind)
{
    uint64_t page = choose_page(kind);
    /* Counter starts at 1 and only grows, so a written word is never zero. */
    uint64_t counter = ++write_counter;
    if (params.write_words == 1) {
        *(volatile uint64_t *)(ws_base + page * PAGE_BYTES + 8) = counter;
        return;
    }
    uint64_t first = PAGE_BYTES / 8 - params.write_words < 1 ? PAGE_BYTES / 8 - params.write_words : 1;
    volatile uint64_t *words = (volatile uint64_t *)(ws_base + page * PAGE_BYTES) + first;
    /* Every byte depends on the counter through a multiply, so no byte keeps its old value
     * by chance more often than 1 in 256; the low bit keeps each word non-zero. */
    for (uint64_t i = 0; i < params.write_words; i++)
        words[i] = ((counter + i) * 0x9e3779b97f4a7c15ULL) | 1;
}

static void default_params(void)
{
    params.kind = K_IDLE;
    params.hot_frac = 0.1;
    params.hot_share = 0.9;
    params.zipf_s = 1.0;
    params.seed = 1;
    params.max_lag_ms = 100;
    params.tlb_flush = 1;
    params.write_words = 1;
}

static void prepare_sampler(void)
{
    uint64_t seed = params.seed;
    for (int i = 0; i < 4; i++)
        rng_state[i] = splitmix64(&seed);

    if (params.kind == K_HOTSPOT) {
        hot_pages = (uint64_t)(params.hot_frac * (double)params.ws_pages);
        if (hot_pages < 1)
            hot_pages = 1;
        if (hot_pages > params.ws_pages)
            hot_pages = params.ws_pages;
    }
    if (params.kind == K_ZIPF)
        zipf_init(params.ws_pages, params.zipf_s);
}

#ifdef MIGSIM_SAMPLER_TEST
/*
 * Host-side harness for the page samplers (built by the test suite with
 * -DMIGSIM_SAMPLER_TEST, not part of the guest): draws SAMPLES pages and prints
 * how often each page of the working set was chosen, one count per line.
 * Usage: sampler SAMPLES migsim.kind=... migsim.ws=... [migsim.x=y ...]
 * With SAMPLES < 0, prints the first -SAMPLES choices in order instead.
 */
int main(int argc, char **argv)
{
    default_params();
    long long samples = argc > 1 ? atoll(argv[1]) : 0;
    for (int i = 2; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq)
            continue;
        *eq = '\0';
        apply_param(&params, argv[i], eq + 1);
    }
    if (params.ws_pages == 0)
        return 2;
    prepare_sampler();
    if (samples < 0) {
        for (long long i = 0; i < -samples; i++)
            printf("%llu\n", (unsigned long long)choose_page(params.kind));
        return 0;
    }
    uint64_t *counts = calloc(params.ws_pages, sizeof *counts);
    if (!counts)
        return 3;
    for (long long i = 0; i < samples; i++)
        counts[choose_page(params.kind)]++;
    for (uint64_t p = 0; p < params.ws_pages; p++)
        printf("%llu\n", (unsigned long long)counts[p]);
    return 0;
}
#else
int main(void)
{
    ensure_console();
    default_params();
    read_params(&params);

    if (params.kind == K_PHASED && params.phase_count == 0) {
        say("migsim: error kind=phased needs migsim.phases\n");
        hang_forever();
    }
    if (params.kind != K_IDLE && params.ws_pages == 0) {
        say("migsim: error kind=%s needs migsim.ws > 0\n", kind_names[params.kind]);
        hang_forever();
    }

    prepare_sampler();

    ws_base = map_pages(params.ws_pages, "mmap working set");
    uint8_t *resident = map_pages(params.resident_pages, "mmap resident");
    fill_pages(ws_base, params.ws_pages, 1);
    fill_pages(resident, params.resident_pages, 2);

    /* More pages than the kernel's single-page flush ceiling (33), so it flushes everything. */
    const uint64_t flush_pages = 64;
    uint8_t *flush_area = map_pages(flush_pages, "mmap tlb flush area");
    fill_pages(flush_area, flush_pages, 3);

    say("migsim: ready ws=%llu resident=%llu kind=%s rate=%.3f tlb_flush=%d write_bytes=%llu\n",
        (unsigned long long)params.ws_pages, (unsigned long long)params.resident_pages,
        kind_names[params.kind], params.rate, params.tlb_flush, (unsigned long long)(params.write_words * 8));

    const double step_s = 0.001;
    const double max_lag_s = params.max_lag_ms / 1000.0;
    double start = now_s();
    double next_report = start + 1.0;
    uint64_t total = 0;
    uint64_t total_at_report = 0;

    int phase_index = 0;
    double phase_start = start;
    double phase_done = 0; /* writes issued in this phase, possibly including dropped ones */

    for (;;) {
        double now = now_s();

        enum kind kind = params.kind;
        double rate = params.rate;
        if (params.kind == K_PHASED) {
            while (now - phase_start >= params.phases[phase_index].seconds) {
                phase_start += params.phases[phase_index].seconds;
                phase_index = (phase_index + 1) % params.phase_count;
                phase_done = 0;
                if (params.phases[phase_index].seconds <= 0)
                    break;
            }
            kind = params.phases[phase_index].kind;
            rate = params.phases[phase_index].rate;
        }

        if (kind != K_IDLE && rate > 0) {
            double due = rate * (now - phase_start);
            /* A stall longer than max_lag (throttle, pause) forfeits its writes. */
            if (due - phase_done > rate * max_lag_s)
                phase_done = due - rate * max_lag_s;
            while (phase_done + 1 <= due) {
                write_one(kind);
                phase_done += 1;
                total++;
            }
        }

        if (now >= next_report) {
            say("migsim: t=%.3f writes=%llu total=%llu\n", now - start,
                (unsigned long long)(total - total_at_report), (unsigned long long)total);
            total_at_report = total;
            while (next_report <= now)
                next_report += 1.0;
        }

        if (params.tlb_flush) {
            mprotect(flush_area, flush_pages * PAGE_BYTES, PROT_READ);
            mprotect(flush_area, flush_pages * PAGE_BYTES, PROT_READ | PROT_WRITE);
        }

        struct timespec step = { 0, (long)(step_s * 1e9) };
        nanosleep(&step, NULL);
    }
}
#endif
