#pragma once
// Counters, gauges and histograms that the processes update on their hot paths, and the
// registry the /metrics endpoint reads them from.
//
// Registration (registry.counter(...)) takes a lock and may allocate; do it once, at start-up
// or when a new label value is first seen, and keep the reference it returns: the series lives
// as long as the registry, at the same address. An update is one relaxed atomic add on that
// handle: no lock, no allocation, no lookup. A scrape reads every series without stopping the
// writers, so a histogram's buckets may be one observation apart from its sum.
//
// Names follow Prometheus: [a-zA-Z_:][a-zA-Z0-9_:]*, counters end in _total. Label values must
// come from a bounded set (route templates, stanza kinds, states): never ids, JIDs or tokens.

#include <metrics/text_format.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::metrics {

class Counter {
  public:
    void inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

  private:
    std::atomic<std::uint64_t> value_{0};
};

class Gauge {
  public:
    void set(std::int64_t v) { value_.store(v, std::memory_order_relaxed); }
    void add(std::int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
    std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

  private:
    std::atomic<std::int64_t> value_{0};
};

// Observations are whole units (microseconds, bytes); `divisor` turns them into the unit the
// metric is named in when written (1e6: seconds), so the hot path never touches a double.
class Histogram {
  public:
    Histogram(std::vector<std::uint64_t> upper_bounds, double divisor);
    void observe(std::uint64_t v) {
        std::size_t i = 0;
        while (i < bounds_.size() && v > bounds_[i]) ++i;
        buckets_[i].fetch_add(1, std::memory_order_relaxed);
        sum_.fetch_add(v, std::memory_order_relaxed);
    }
    HistogramValue read() const;

  private:
    std::vector<std::uint64_t> bounds_;                      // ascending, +Inf implied
    std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // bounds_.size() + 1, not cumulative
    std::atomic<std::uint64_t> sum_{0};
    double divisor_;
};

// Upper bounds for latencies in microseconds, 50 µs to 10 s.
std::vector<std::uint64_t> latency_bounds_us();

class Registry {
  public:
    Registry();
    ~Registry();
    Registry(const Registry&) = delete;
    Registry& operator=(const Registry&) = delete;

    // The same name and labels give the same series. A name registered as another type, or a
    // histogram with other bounds, throws std::logic_error.
    Counter& counter(std::string_view name, std::string_view help, Labels labels = {});
    Gauge& gauge(std::string_view name, std::string_view help, Labels labels = {});
    Histogram& histogram(std::string_view name, std::string_view help,
                         std::vector<std::uint64_t> upper_bounds, double divisor,
                         Labels labels = {});

    // Every family in the order first registered, each series in the order registered.
    std::vector<Family> snapshot() const;
    // snapshot() in the text exposition format.
    std::string text() const;

  private:
    struct Entry;
    struct FamilyEntry;
    FamilyEntry& family(std::string_view name, std::string_view help, Type type);
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<FamilyEntry>> families_;
};

}  // namespace cordgate::metrics
