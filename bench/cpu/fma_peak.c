/* The cores' f32 FMA peak, measured: the figure issue 12's "75% of the
 * cores' FMA peak" bar divides by (see README.md).
 *
 *     fma_peak THREADS [MILLISECONDS]
 *
 * runs THREADS threads at once, each issuing fused multiply-adds on the
 * widest vectors the CPU has (512-bit with AVX-512F, else 256-bit with
 * AVX2+FMA) into 24 (AVX-512) or 12 (AVX2) independent accumulators, more
 * chains than the FMA units' latency times their count on current x86
 * cores (4 cycles x 2 units), so the units never wait for a result. Each
 * thread repeats a fixed number of steps; the figure is their total FLOPs
 * (2 per lane of every FMA) over the wall time from a shared start to the
 * last thread's end, the best of 7 rounds of about MILLISECONDS each
 * (default 200). It is what the hardware sustains under this thread count:
 * a VM's or a turbo clock's frequency included, with no assumption about
 * either. Prints one JSON object:
 *     {"threads":..,"gflops":..,"isa":"avx512f"|"avx2+fma","lanes":..,
 *      "chains":..,"rounds":..}
 * Build (run.sh does this): cc -O2 fma_peak.c -o fma_peak -lpthread
 */
#include <errno.h>
#include <immintrin.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { kRounds = 7, kMaxThreads = 256 };

static double nowSeconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* acc = acc * a + b converges to b / (1 - a) = 1: no overflow, no
 * denormals, whatever the step count. */
#define PEAK_A 0.9999999f
#define PEAK_B 1e-7f

__attribute__((target("avx512f"))) static float fmaSteps512(int64_t steps) {
  __m512 a = _mm512_set1_ps(PEAK_A), b = _mm512_set1_ps(PEAK_B);
  __m512 acc[24];
  for (int i = 0; i < 24; ++i)
    acc[i] = _mm512_set1_ps((float)i);
  for (int64_t s = 0; s < steps; ++s) {
#pragma GCC unroll 24
    for (int i = 0; i < 24; ++i)
      acc[i] = _mm512_fmadd_ps(acc[i], a, b);
  }
  __m512 sum = acc[0];
  for (int i = 1; i < 24; ++i)
    sum = _mm512_add_ps(sum, acc[i]);
  return _mm512_reduce_add_ps(sum);
}

__attribute__((target("avx2,fma"))) static float fmaSteps256(int64_t steps) {
  __m256 a = _mm256_set1_ps(PEAK_A), b = _mm256_set1_ps(PEAK_B);
  __m256 acc[12];
  for (int i = 0; i < 12; ++i)
    acc[i] = _mm256_set1_ps((float)i);
  for (int64_t s = 0; s < steps; ++s) {
#pragma GCC unroll 12
    for (int i = 0; i < 12; ++i)
      acc[i] = _mm256_fmadd_ps(acc[i], a, b);
  }
  __m256 sum = acc[0];
  for (int i = 1; i < 12; ++i)
    sum = _mm256_add_ps(sum, acc[i]);
  float lanes[8];
  _mm256_storeu_ps(lanes, sum);
  float total = 0.0f;
  for (int i = 0; i < 8; ++i)
    total += lanes[i];
  return total;
}

typedef struct {
  int wide;      /* AVX-512F */
  int64_t steps; /* per thread and round */
  atomic_int ready;
  atomic_int go;
} Shared;

typedef struct {
  Shared *shared;
  volatile float sink;
} Worker;

static void *work(void *arg) {
  Worker *worker = arg;
  Shared *shared = worker->shared;
  atomic_fetch_add(&shared->ready, 1);
  while (!atomic_load(&shared->go))
    ;
  worker->sink = shared->wide ? fmaSteps512(shared->steps)
                              : fmaSteps256(shared->steps);
  return NULL;
}

/* One round: `threads` threads (this one among them) run `steps` steps;
 * returns the wall seconds from the start signal to the last one's end. */
static double runRound(Shared *shared, Worker *workers, int threads) {
  pthread_t ids[kMaxThreads];
  atomic_store(&shared->ready, 0);
  atomic_store(&shared->go, 0);
  for (int t = 1; t < threads; ++t)
    if (pthread_create(&ids[t], NULL, work, &workers[t]) != 0) {
      fprintf(stderr, "fma_peak: cannot start thread %d: %s\n", t,
              strerror(errno));
      exit(1);
    }
  while (atomic_load(&shared->ready) < threads - 1)
    ;
  double start = nowSeconds();
  atomic_store(&shared->go, 1);
  work(&workers[0]);
  for (int t = 1; t < threads; ++t)
    pthread_join(ids[t], NULL);
  return nowSeconds() - start;
}

static long parsePositive(const char *text, const char *what, long max) {
  char *end;
  errno = 0;
  long value = strtol(text, &end, 10);
  if (errno || *end || value <= 0 || value > max) {
    fprintf(stderr,
            "fma_peak: %s must be an integer in [1, %ld], got '%s'\n", what,
            max, text);
    exit(1);
  }
  return value;
}

int main(int argc, char **argv) {
  if (argc != 2 && argc != 3) {
    fprintf(stderr, "usage: fma_peak THREADS [MILLISECONDS]\n");
    return 1;
  }
  int threads = (int)parsePositive(argv[1], "THREADS", kMaxThreads);
  double seconds =
      argc == 3 ? parsePositive(argv[2], "MILLISECONDS", 60000) * 1e-3 : 0.2;
  __builtin_cpu_init();
  Shared shared = {.wide = __builtin_cpu_supports("avx512f")};
  if (!shared.wide && !(__builtin_cpu_supports("avx2") &&
                        __builtin_cpu_supports("fma"))) {
    fprintf(stderr, "fma_peak: the CPU has neither AVX-512F nor AVX2+FMA\n");
    return 1;
  }
  int lanes = shared.wide ? 16 : 8, chains = shared.wide ? 24 : 12;
  Worker workers[kMaxThreads];
  for (int t = 0; t < threads; ++t)
    workers[t].shared = &shared;

  /* Size the rounds from a short calibration on one thread. */
  shared.steps = 1 << 16;
  double calibration;
  while ((calibration = runRound(&shared, workers, 1)) < 0.02)
    shared.steps *= 2;
  shared.steps = (int64_t)(shared.steps * seconds / calibration) + 1;

  double best = 0.0;
  for (int r = 0; r < kRounds; ++r) {
    double elapsed = runRound(&shared, workers, threads);
    double flops = 2.0 * lanes * chains * (double)shared.steps * threads;
    if (flops / elapsed > best)
      best = flops / elapsed;
  }
  printf("{\"threads\":%d,\"gflops\":%.3f,\"isa\":\"%s\",\"lanes\":%d,"
         "\"chains\":%d,\"rounds\":%d}\n",
         threads, best * 1e-9, shared.wide ? "avx512f" : "avx2+fma", lanes,
         chains, kRounds);
  return 0;
}
