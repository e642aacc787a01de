/*===- ukernel_bench.c - Loom's matmul micro-kernel vs. OpenBLAS -*- C -*-===//
 *
 * Part of the Loom project.
 *
 * Times loom_ukernel_matmul_f32 and OpenBLAS's cblas_sgemm on square f32
 * matmuls in the same run, single-threaded and with several threads. "loom"
 * is the AVX2+FMA object's entry point (its AVX-512 kernel where the CPU has
 * it); single-threaded, the portable object and the AVX2 kernel alone are
 * timed too. Loom's threads split the rows of the output into contiguous
 * blocks, one call each, as the runtime's workgroups do; OpenBLAS uses its
 * own threads. Each figure is the median of repeated runs, since the machine
 * may be shared. Usage: loom-ukernel-bench [threads [size...]]
 * (default: 2 threads; sizes 256 512 1024 2048).
 *
 * With --i8 (or --i8=s8s8, u8s8, s8u8, u8u8: the signedness of lhs and rhs,
 * s8s8 by default) it times loom_ukernel_matmul_i8 instead, on random bytes
 * of the same sizes: the portable object, the AVX2 and the AVX-512 VNNI
 * kernels alone and the AVX2+FMA object's entry, single-threaded, against
 * loom_ukernel_matmul_f32's entry on the same sizes, and both entries with
 * the threads; in GOP/s (a multiply-add counts 2, as in GFLOP/s). Every i8
 * variant must give the same bits, which it checks.
 *
 *===----------------------------------------------------------------------===*/

#include "backends/cpu/ukernels/loom_ukernels_native.h"

#include <cblas.h>
#include <immintrin.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* From OpenBLAS's cblas.h; declared here too for cblas.h of other vendors'
 * alternatives, which lack them. */
void openblas_set_num_threads(int threads);
char *openblas_get_corename(void);

typedef void (*MatmulFn)(const float *, int64_t, const float *, int64_t,
                         float *, int64_t, int64_t, int64_t, int64_t,
                         uint32_t);
typedef void (*MatmulI8Fn)(const void *, int64_t, const void *, int64_t,
                           int32_t *, int64_t, int64_t, int64_t, int64_t,
                           uint32_t);

enum { kMaxThreads = 64 };

/* A square matmul: f32 operands, or bytes into int32 for i8 kernels. */
typedef struct Problem {
  const void *lhs, *rhs;
  void *out;
  int64_t size;
  uint32_t flags;
} Problem;

/* A team of threads that run one row block each per round, like the
 * runtime's pool running workgroups. Between rounds the workers spin, as
 * OpenBLAS's threads do, so that neither side pays a wake-up that the other
 * does not; a team therefore lives only while it is measured. */
typedef struct Team Team;

typedef struct Worker {
  Team *team;
  int index;
} Worker;

struct Team {
  int threads;
  pthread_t threadIds[kMaxThreads];
  Worker workers[kMaxThreads];
  MatmulFn fn;
  MatmulI8Fn i8Fn;
  const Problem *problem;
  atomic_int round;     /* bumped to start a round; -1 stops the workers */
  atomic_int remaining; /* workers still busy in this round */
};

/* One wait step: spin briefly, then give the core to whoever else wants it
 * (OpenBLAS's threads do the same), which matters on a shared machine. */
static void waitStep(int *spins) {
  if (++*spins < 1000)
    _mm_pause();
  else
    sched_yield();
}

static void runRowBlock(Team *team, int index) {
  const Problem *p = team->problem;
  int64_t rows = (p->size + team->threads - 1) / team->threads;
  int64_t begin = rows * index;
  int64_t end = begin + rows < p->size ? begin + rows : p->size;
  if (begin >= end)
    return;
  if (team->i8Fn)
    team->i8Fn((const int8_t *)p->lhs + begin * p->size, p->size, p->rhs,
               p->size, (int32_t *)p->out + begin * p->size, p->size,
               end - begin, p->size, p->size, p->flags);
  else
    team->fn((const float *)p->lhs + begin * p->size, p->size, p->rhs, p->size,
             (float *)p->out + begin * p->size, p->size, end - begin, p->size,
             p->size, 0);
}

static void *workerMain(void *arg) {
  Worker *w = (Worker *)arg;
  int seen = 0;
  for (;;) {
    int round, spins = 0;
    while ((round = atomic_load(&w->team->round)) == seen)
      waitStep(&spins);
    if (round < 0)
      return NULL;
    seen = round;
    runRowBlock(w->team, w->index);
    atomic_fetch_sub(&w->team->remaining, 1);
  }
}

static void teamStart(Team *team, int threads) {
  memset(team, 0, sizeof(*team));
  team->threads = threads;
  atomic_init(&team->round, 0);
  atomic_init(&team->remaining, 0);
  for (int i = 1; i < threads; ++i) {
    team->workers[i].team = team;
    team->workers[i].index = i;
    pthread_create(&team->threadIds[i], NULL, workerMain, &team->workers[i]);
  }
}

static void teamRun(Team *team, MatmulFn fn, MatmulI8Fn i8Fn,
                    const Problem *problem) {
  team->fn = fn;
  team->i8Fn = i8Fn;
  team->problem = problem;
  atomic_store(&team->remaining, team->threads - 1);
  atomic_fetch_add(&team->round, 1);
  runRowBlock(team, 0);
  int spins = 0;
  while (atomic_load(&team->remaining) > 0)
    waitStep(&spins);
}

static void teamStop(Team *team) {
  atomic_store(&team->round, -1);
  for (int i = 1; i < team->threads; ++i)
    pthread_join(team->threadIds[i], NULL);
}

static double seconds(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int compareDoubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

typedef struct Rate {
  double median, best, cpu; /* GFLOP/s or GOP/s */
} Rate;

/* Repeats the matmul (at least 3 times and ~0.5 s in all) and returns rates
 * from the median and the best wall time, and from the median CPU time of
 * the calling thread. On a shared machine the wall times include the time
 * slices lost to other processes; a single-threaded run's CPU time does not
 * (it is meaningless for several threads). Loom runs when fn or i8Fn is
 * set, OpenBLAS otherwise. */
static Rate measure(Team *team, MatmulFn fn, MatmulI8Fn i8Fn,
                    const Problem *p) {
  enum { kMaxReps = 51 };
  double wall[kMaxReps], cpu[kMaxReps];
  int reps = 0;
  double total = 0;
  int n = (int)p->size;
  do {
    double wall0 = seconds(CLOCK_MONOTONIC);
    double cpu0 = seconds(CLOCK_THREAD_CPUTIME_ID);
    if (fn || i8Fn)
      teamRun(team, fn, i8Fn, p);
    else
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f,
                  p->lhs, n, p->rhs, n, 0.0f, p->out, n);
    cpu[reps] = seconds(CLOCK_THREAD_CPUTIME_ID) - cpu0;
    wall[reps] = seconds(CLOCK_MONOTONIC) - wall0;
    total += wall[reps++];
  } while (reps < kMaxReps && (reps < 3 || total < 0.5));
  qsort(wall, (size_t)reps, sizeof(double), compareDoubles);
  qsort(cpu, (size_t)reps, sizeof(double), compareDoubles);
  double gflop = 2.0 * (double)n * n * n * 1e-9;
  Rate rate = {gflop / wall[reps / 2], gflop / wall[0], gflop / cpu[reps / 2]};
  return rate;
}

static int hasVnni(void) {
  return __builtin_cpu_supports("avx512f") &&
         __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vnni");
}

/* The --i8 table: the i8 variants and entry against the f32 entry. */
static int benchI8(int threads, uint32_t flags, const char *signs,
                   int sizeCount, char **sizeArgs) {
  int defaultSizes[] = {256, 512, 1024, 2048};
  double load[1] = {NAN};
  getloadavg(load, 1);
  printf("i8 (%s) against f32, GOP/s; %d threads split the rows; "
         "load average %.1f\n",
         signs, threads, load[0]);
  printf("%6s %6s %9s %9s %9s %9s %9s %6s %9s %9s %6s %6s\n", "size", "stat",
         "generic", "avx2", "vnni", "i8-1T", "f32-1T", "ratio", "i8-NT",
         "f32-NT", "ratio", "same");
  Team single, team;
  teamStart(&single, 1);
  int failed = 0;
  for (int s = 0; s < sizeCount; ++s) {
    int64_t n = sizeArgs ? atoi(sizeArgs[s]) : defaultSizes[s];
    if (n <= 0)
      continue;
    size_t count = (size_t)(n * n);
    size_t bytes = (count + 63) / 64 * 64;
    size_t words = (count * 4 + 63) / 64 * 64;
    int8_t *lhs = aligned_alloc(64, bytes), *rhs = aligned_alloc(64, bytes);
    int32_t *out = aligned_alloc(64, words), *ref = aligned_alloc(64, words);
    float *lhsF = aligned_alloc(64, words), *rhsF = aligned_alloc(64, words);
    float *outF = aligned_alloc(64, words);
    srand(1);
    for (size_t i = 0; i < count; ++i) {
      lhs[i] = (int8_t)(rand() & 0xff);
      rhs[i] = (int8_t)(rand() & 0xff);
      lhsF[i] = (float)rand() / RAND_MAX - 0.5f;
      rhsF[i] = (float)rand() / RAND_MAX - 0.5f;
    }
    Problem problem = {lhs, rhs, out, n, flags};
    Problem refProblem = {lhs, rhs, ref, n, flags};
    Problem problemF = {lhsF, rhsF, outF, n, 0};

    /* Every variant's result must equal the AVX2 kernel's, bit for bit. */
    int same = 1;
    Rate none = {NAN, NAN, NAN};
    Rate avx2 =
        measure(&single, NULL, loom_ukernel_matmul_i8_avx2, &refProblem);
    Rate generic = none;
    if (n <= 1024) {
      generic =
          measure(&single, NULL, loom_ukernel_matmul_i8_generic, &problem);
      same &= memcmp(out, ref, count * 4) == 0;
    }
    Rate vnni = none;
    if (hasVnni()) {
      memset(out, 0, count * 4);
      vnni =
          measure(&single, NULL, loom_ukernel_matmul_i8_avx512vnni, &problem);
      same &= memcmp(out, ref, count * 4) == 0;
    }
    memset(out, 0, count * 4);
    Rate i81 = measure(&single, NULL, loom_ukernel_matmul_i8_avx2fma, &problem);
    same &= memcmp(out, ref, count * 4) == 0;
    Rate f321 =
        measure(&single, loom_ukernel_matmul_f32_avx2fma, NULL, &problemF);
    teamStart(&team, threads);
    memset(out, 0, count * 4);
    Rate i8N = measure(&team, NULL, loom_ukernel_matmul_i8_avx2fma, &problem);
    same &= memcmp(out, ref, count * 4) == 0;
    Rate f32N =
        measure(&team, loom_ukernel_matmul_f32_avx2fma, NULL, &problemF);
    teamStop(&team);
    failed |= !same;
    printf("%6lld %6s %9.1f %9.1f %9.1f %9.1f %9.1f %5.0f%% %9.1f %9.1f "
           "%5.0f%% %6s\n",
           (long long)n, "median", generic.median, avx2.median, vnni.median,
           i81.median, f321.median, 100 * i81.median / f321.median, i8N.median,
           f32N.median, 100 * i8N.median / f32N.median, same ? "yes" : "NO");
    printf("%6s %6s %9.1f %9.1f %9.1f %9.1f %9.1f %5.0f%% %9.1f %9.1f "
           "%5.0f%%\n",
           "", "best", generic.best, avx2.best, vnni.best, i81.best, f321.best,
           100 * i81.best / f321.best, i8N.best, f32N.best,
           100 * i8N.best / f32N.best);
    printf("%6s %6s %9.1f %9.1f %9.1f %9.1f %9.1f %5.0f%%\n", "", "cpu",
           generic.cpu, avx2.cpu, vnni.cpu, i81.cpu, f321.cpu,
           100 * i81.cpu / f321.cpu);
    fflush(stdout);
    free(lhs);
    free(rhs);
    free(out);
    free(ref);
    free(lhsF);
    free(rhsF);
    free(outF);
  }
  teamStop(&single);
  printf("(GOP/s; ratio = i8 / f32 entry; median and best wall time, median "
         "CPU time of a single thread; same = every i8 variant gave the "
         "AVX2 kernel's bits)\n");
  return failed;
}

/* The largest |loom - openblas| relative to the largest |openblas|. */
static double relativeDifference(const float *x, const float *ref,
                                 int64_t count) {
  double diff = 0, scale = 0;
  for (int64_t i = 0; i < count; ++i) {
    diff = fmax(diff, fabs((double)x[i] - ref[i]));
    scale = fmax(scale, fabs((double)ref[i]));
  }
  return scale > 0 ? diff / scale : diff;
}

int main(int argc, char **argv) {
  if (argc > 1 && strncmp(argv[1], "--i8", 4) == 0) {
    static const char *const names[] = {"s8s8", "u8s8", "s8u8", "u8u8"};
    const char *signs = argv[1][4] == '=' ? argv[1] + 5 : "s8s8";
    int which = -1;
    for (int i = 0; i < 4; ++i)
      if (strcmp(signs, names[i]) == 0)
        which = i;
    int threads = argc > 2 ? atoi(argv[2]) : 2;
    if (which < 0 || threads < 1 || threads > kMaxThreads) {
      fprintf(stderr,
              "usage: %s --i8[=s8s8|u8s8|s8u8|u8u8] [threads (1-%d) "
              "[size...]]\n",
              argv[0], kMaxThreads);
      return 2;
    }
    /* Bit 0 of `which`: lhs unsigned; bit 1: rhs unsigned. */
    uint32_t flags = (which & 1 ? LOOM_UKERNEL_LHS_UNSIGNED : 0) |
                     (which & 2 ? LOOM_UKERNEL_RHS_UNSIGNED : 0);
    return benchI8(threads, flags, signs, argc > 3 ? argc - 3 : 4,
                   argc > 3 ? argv + 3 : NULL);
  }
  int threads = argc > 1 ? atoi(argv[1]) : 2;
  if (threads < 1 || threads > kMaxThreads) {
    fprintf(stderr, "usage: %s [threads (1-%d) [size...]]\n", argv[0],
            kMaxThreads);
    return 2;
  }
  int defaultSizes[] = {256, 512, 1024, 2048};
  int sizeCount = argc > 2 ? argc - 2 : 4;
  double load[1] = {NAN};
  getloadavg(load, 1);
  printf("OpenBLAS core: %s; "
         "%d threads split the rows; load average %.1f\n",
         openblas_get_corename(), threads, load[0]);
  printf("%6s %6s %9s %9s %9s %9s %6s %9s %9s %6s %12s\n", "size", "stat",
         "generic", "avx2", "loom-1T", "blas-1T", "ratio", "loom-NT",
         "blas-NT", "ratio", "max-rel-diff");

  Team single, team;
  teamStart(&single, 1);
  for (int s = 0; s < sizeCount; ++s) {
    int64_t n = argc > 2 ? atoi(argv[s + 2]) : defaultSizes[s];
    if (n <= 0)
      continue;
    size_t bytes = ((size_t)(n * n) * sizeof(float) + 63) / 64 * 64;
    float *lhs = aligned_alloc(64, bytes), *rhs = aligned_alloc(64, bytes);
    float *out = aligned_alloc(64, bytes), *ref = aligned_alloc(64, bytes);
    srand(1);
    for (int64_t i = 0; i < n * n; ++i) {
      lhs[i] = (float)rand() / RAND_MAX - 0.5f;
      rhs[i] = (float)rand() / RAND_MAX - 0.5f;
    }
    Problem problem = {lhs, rhs, out, n};
    Problem refProblem = {lhs, rhs, ref, n};

    /* The portable variant is much slower; time it where it is quick. */
    Rate none = {NAN, NAN, NAN};
    Rate generic = n <= 1024 ? measure(&single, loom_ukernel_matmul_f32_generic,
                                       NULL, &problem)
                             : none;
    Rate avx2 = measure(&single, loom_ukernel_matmul_f32_avx2, NULL, &problem);
    Rate loom1 =
        measure(&single, loom_ukernel_matmul_f32_avx2fma, NULL, &problem);
    openblas_set_num_threads(1);
    Rate blas1 = measure(NULL, NULL, NULL, &refProblem);
    teamStart(&team, threads);
    Rate loomN =
        measure(&team, loom_ukernel_matmul_f32_avx2fma, NULL, &problem);
    teamStop(&team);
    openblas_set_num_threads(threads);
    Rate blasN = measure(NULL, NULL, NULL, &refProblem);
    double diff = relativeDifference(out, ref, n * n);
    printf("%6lld %6s %9.1f %9.1f %9.1f %9.1f %5.0f%% %9.1f %9.1f %5.0f%% "
           "%12.1e\n",
           (long long)n, "median", generic.median, avx2.median, loom1.median,
           blas1.median, 100 * loom1.median / blas1.median, loomN.median,
           blasN.median, 100 * loomN.median / blasN.median, diff);
    printf("%6s %6s %9.1f %9.1f %9.1f %9.1f %5.0f%% %9.1f %9.1f %5.0f%%\n", "",
           "best", generic.best, avx2.best, loom1.best, blas1.best,
           100 * loom1.best / blas1.best, loomN.best, blasN.best,
           100 * loomN.best / blasN.best);
    printf("%6s %6s %9.1f %9.1f %9.1f %9.1f %5.0f%%\n", "", "cpu",
           generic.cpu, avx2.cpu, loom1.cpu, blas1.cpu,
           100 * loom1.cpu / blas1.cpu);
    fflush(stdout);
    free(lhs);
    free(rhs);
    free(out);
    free(ref);
  }
  teamStop(&single);
  printf("(GFLOP/s; ratio = Loom / OpenBLAS; median and best wall time, "
         "median CPU time of a single thread)\n");
  return 0;
}
