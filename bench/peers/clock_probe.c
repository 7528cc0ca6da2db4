/* Estimates the core clock the benchmarks actually run at (virtual machines
 * often report only the nominal frequency in /proc/cpuinfo, and cpufreq is
 * absent). A chain of dependent integer adds retires one add per cycle on
 * every x86-64 core since the 1990s, so adds per second = cycles per second.
 * Prints the best of 40 short (~30 ms) estimates in MHz: the best one is the
 * least likely to have been interrupted when other processes share the core. x86-64 only (inline assembly); on
 * other machines it prints nothing and exits 1, and the bench falls back to
 * /proc/cpuinfo.
 *
 *   cc -O2 -o clock_probe clock_probe.c && ./clock_probe
 */
#include <stdio.h>
#include <time.h>

int main(void) {
#if defined(__x86_64__)
  const long iterations = 10000000; /* x 10 adds: ~30 ms at 3.5 GHz */
  double best = 0;
  for (int trial = 0; trial < 40; trial++) {
    struct timespec a, b;
    long x = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < iterations; i++) {
      __asm__ volatile(
          "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
          "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
          : "+r"(x));
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double seconds = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
    double mhz = (double)x / seconds / 1e6;
    if (mhz > best) best = mhz;
  }
  printf("%.0f\n", best);
  return 0;
#else
  return 1;
#endif
}
