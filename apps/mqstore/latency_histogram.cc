#include "latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace spool::mqstore {

int LatencyHistogram::BucketOf(int64_t nanos) {
  if (nanos < kSub) return nanos < 0 ? 0 : static_cast<int>(nanos);
  const int exponent = 63 - __builtin_clzll(static_cast<uint64_t>(nanos));  // >= kSubBits
  const int sub = static_cast<int>((static_cast<uint64_t>(nanos) >> (exponent - kSubBits)) - kSub);
  return kSub + (exponent - kSubBits) * kSub + sub;
}

int64_t LatencyHistogram::BucketLow(int bucket) {
  if (bucket < kSub) return bucket;
  const int exponent = (bucket - kSub) / kSub + kSubBits;
  const int sub = (bucket - kSub) % kSub;
  return static_cast<int64_t>(kSub + sub) << (exponent - kSubBits);
}

int64_t LatencyHistogram::BucketWidth(int bucket) {
  if (bucket < kSub) return 1;
  const int exponent = (bucket - kSub) / kSub + kSubBits;
  return int64_t{1} << (exponent - kSubBits);
}

void LatencyHistogram::Record(int64_t nanos) {
  if (nanos < 0) nanos = 0;
  ++counts_[static_cast<size_t>(BucketOf(nanos))];
  ++count_;
  max_ = std::max(max_, nanos);
  sum_ += nanos;
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
}

double LatencyHistogram::PercentileMicros(double percentile) const {
  if (count_ == 0) return 0;
  percentile = std::clamp(percentile, 0.0, 100.0);
  // The rank-th smallest sample, 1-based (nearest-rank definition).
  const int64_t rank =
      std::max<int64_t>(1, static_cast<int64_t>(std::ceil(percentile / 100.0 * static_cast<double>(count_))));
  int64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += counts_[static_cast<size_t>(b)];
    if (seen >= rank) {
      // Midpoint of the bucket, but never above the largest sample recorded.
      const double mid = static_cast<double>(BucketLow(b)) + static_cast<double>(BucketWidth(b) - 1) / 2.0;
      return std::min(mid, static_cast<double>(max_)) / 1000.0;
    }
  }
  return MaxMicros();
}

double LatencyHistogram::MeanMicros() const {
  return count_ == 0 ? 0 : static_cast<double>(sum_ / count_) / 1000.0;
}

}  // namespace spool::mqstore
