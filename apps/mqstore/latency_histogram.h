// File: latency_histogram.h
// A log-linear latency histogram (HdrHistogram's layout, fixed resolution): values below 32 ns have their own
// bucket; above, each power of two is split into 32 equal buckets, so a reported percentile is within ~3% of the
// true value. Recording is an index computation and an increment: no allocation, no lock. One histogram per
// thread; merge them at the end.
//
//   LatencyHistogram h;
//   h.Record(elapsed_ns);
//   total.Merge(h);
//   double p99_us = total.PercentileMicros(99);
#pragma once

#include <array>
#include <cstdint>

namespace spool::mqstore {

class LatencyHistogram {
 public:
  void Record(int64_t nanos);
  void Merge(const LatencyHistogram& other);

  int64_t count() const { return count_; }
  // The value (µs) at or below which `percentile` % of the samples lie: the midpoint of the bucket holding that
  // rank. 0 when empty.
  double PercentileMicros(double percentile) const;
  double MaxMicros() const { return static_cast<double>(max_) / 1000.0; }
  double MeanMicros() const;

  // Exposed for tests of the bucket layout.
  static int BucketOf(int64_t nanos);
  static int64_t BucketLow(int bucket);
  static int64_t BucketWidth(int bucket);

 private:
  static constexpr int kSubBits = 5;
  static constexpr int kSub = 1 << kSubBits;  // linear buckets per power of two
  // Values < kSub: one bucket each. Exponents kSubBits..62: kSub buckets each.
  static constexpr int kBuckets = kSub + (63 - kSubBits) * kSub;

  std::array<int64_t, kBuckets> counts_{};
  int64_t count_ = 0;
  int64_t max_ = 0;
  long double sum_ = 0;
};

}  // namespace spool::mqstore
