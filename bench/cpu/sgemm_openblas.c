/* OpenBLAS's cblas_sgemm timed on C = A * B with square-or-not row-major f32
 * matrices: the peer that Loom's matmul is measured against (see README.md).
 *
 *     sgemm_openblas M N K RUNS WARMUPS THREADS
 *
 * prints one JSON object:
 *     {"m":..,"n":..,"k":..,"median_ms":..,"min_ms":..,"max_ms":..,"runs":..,
 *      "threads":..,"gflops":..,"openblas":"<openblas_get_config()>"}
 * where gflops is 2*M*N*K / median. Build (run.sh does this):
 *     cc -O2 -I/usr/include/x86_64-linux-gnu/openblas-pthread \
 *        sgemm_openblas.c -o sgemm_openblas -lopenblas
 */
#include <cblas.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double nowMs(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int compareDoubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static long parsePositive(const char *text, const char *what) {
  char *end;
  errno = 0;
  long value = strtol(text, &end, 10);
  if (errno || *end || value <= 0) {
    fprintf(stderr, "sgemm_openblas: %s must be a positive integer, got '%s'\n",
            what, text);
    exit(1);
  }
  return value;
}

/* Inputs in [-1, 1) from a fixed LCG: deterministic, and never denormal. */
static float *randomMatrix(size_t count, unsigned *state) {
  float *data = aligned_alloc(64, ((count * sizeof(float) + 63) / 64) * 64);
  if (!data) {
    fprintf(stderr, "sgemm_openblas: out of memory\n");
    exit(1);
  }
  for (size_t i = 0; i < count; ++i) {
    *state = *state * 1664525u + 1013904223u;
    data[i] = (float)(*state >> 8) / (float)(1u << 23) - 1.0f;
  }
  return data;
}

int main(int argc, char **argv) {
  if (argc != 7) {
    fprintf(stderr, "usage: sgemm_openblas M N K RUNS WARMUPS THREADS\n");
    return 1;
  }
  long m = parsePositive(argv[1], "M"), n = parsePositive(argv[2], "N"),
       k = parsePositive(argv[3], "K"), runs = parsePositive(argv[4], "RUNS"),
       threads = parsePositive(argv[6], "THREADS");
  long warmups = strcmp(argv[5], "0") == 0 ? 0 : parsePositive(argv[5], "WARMUPS");
  openblas_set_num_threads((int)threads);

  unsigned state = 1;
  float *a = randomMatrix((size_t)m * k, &state);
  float *b = randomMatrix((size_t)k * n, &state);
  float *c = randomMatrix((size_t)m * n, &state);
  double *times = malloc(sizeof(double) * runs);
  if (!times) {
    fprintf(stderr, "sgemm_openblas: out of memory\n");
    return 1;
  }

  for (long i = 0; i < warmups + runs; ++i) {
    double start = nowMs();
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, (int)m, (int)n,
                (int)k, 1.0f, a, (int)k, b, (int)n, 0.0f, c, (int)n);
    double elapsed = nowMs() - start;
    if (i >= warmups)
      times[i - warmups] = elapsed;
  }
  qsort(times, runs, sizeof(double), compareDoubles);
  double median = runs % 2 ? times[runs / 2]
                           : 0.5 * (times[runs / 2 - 1] + times[runs / 2]);
  double gflops = 2.0 * m * n * k / (median * 1e6);

  /* openblas_get_config() is plain text ("OpenBLAS 0.3.21 DYNAMIC_ARCH ...")
   * without quotes or backslashes, so it goes into the JSON as is. */
  printf("{\"m\":%ld,\"n\":%ld,\"k\":%ld,\"median_ms\":%.6f,\"min_ms\":%.6f,"
         "\"max_ms\":%.6f,\"runs\":%ld,\"threads\":%ld,\"gflops\":%.3f,"
         "\"openblas\":\"%s\"}\n",
         m, n, k, median, times[0], times[runs - 1], runs, threads, gflops,
         openblas_get_config());
  free(times);
  free(a);
  free(b);
  free(c);
  return 0;
}
