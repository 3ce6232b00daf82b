// The registry: handles that stay put, series grouped by family, histograms in whole units.

#include <metrics/registry.hpp>

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace {

using namespace cordgate::metrics;

TEST(Registry, SameNameAndLabelsGiveTheSameHandle) {
    Registry r;
    Counter& a = r.counter("x_total", "X", {{"k", "1"}});
    Counter& b = r.counter("x_total", "X", {{"k", "1"}});
    Counter& c = r.counter("x_total", "X", {{"k", "2"}});
    EXPECT_EQ(&a, &b);
    EXPECT_NE(&a, &c);
}

TEST(Registry, HandlesStayValidAsMoreAreRegistered) {
    Registry r;
    Counter& first = r.counter("first_total", "F");
    first.inc();
    for (int i = 0; i < 500; ++i) r.counter("many_total", "M", {{"i", std::to_string(i)}});
    first.inc(2);
    EXPECT_EQ(first.value(), 3u);
    EXPECT_EQ(std::get<std::uint64_t>(r.snapshot().front().series.front().value), 3u);
}

TEST(Registry, ANameKeepsItsType) {
    Registry r;
    r.counter("x_total", "X");
    EXPECT_THROW(r.gauge("x_total", "X"), std::logic_error);
    r.histogram("h", "H", {1, 2}, 1);
    EXPECT_THROW(r.histogram("h", "H", {1, 3}, 1), std::logic_error);
    EXPECT_THROW(r.histogram("bad", "B", {2, 1}, 1), std::logic_error);
}

TEST(Registry, TextGroupsSeriesUnderOneHelpInRegistrationOrder) {
    Registry r;
    Counter& in_msg = r.counter("stanzas_in_total", "In", {{"kind", "message"}});
    Gauge& depth = r.gauge("depth", "Depth");
    Counter& in_iq = r.counter("stanzas_in_total", "In", {{"kind", "iq"}});
    in_msg.inc(5);
    in_iq.inc();
    depth.set(7);
    depth.add(-2);
    EXPECT_EQ(r.text(),
              "# HELP stanzas_in_total In\n"
              "# TYPE stanzas_in_total counter\n"
              "stanzas_in_total{kind=\"message\"} 5\n"
              "stanzas_in_total{kind=\"iq\"} 1\n"
              "# HELP depth Depth\n"
              "# TYPE depth gauge\n"
              "depth 5\n");
}

TEST(Registry, HistogramCountsEachObservationInItsBucketAndScalesOnOutput) {
    Registry r;
    Histogram& h = r.histogram("commit_seconds", "C", {100, 1000}, 1e6);
    h.observe(100);   // on the bound: le is inclusive
    h.observe(101);   // next bucket
    h.observe(5000);  // +Inf
    EXPECT_EQ(r.text(),
              "# HELP commit_seconds C\n"
              "# TYPE commit_seconds histogram\n"
              "commit_seconds_bucket{le=\"0.0001\"} 1\n"
              "commit_seconds_bucket{le=\"0.001\"} 2\n"
              "commit_seconds_bucket{le=\"+Inf\"} 3\n"
              "commit_seconds_sum 0.005201\n"
              "commit_seconds_count 3\n");
}

TEST(Registry, CountsFromManyThreadsAddUp) {
    Registry r;
    Counter& c = r.counter("c_total", "C");
    Histogram& h = r.histogram("h", "H", latency_bounds_us(), 1e6);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 100000; ++i) {
                c.inc();
                h.observe(static_cast<std::uint64_t>(i % 3000));
            }
        });
    }
    // A scrape meanwhile reads without stopping them.
    for (int i = 0; i < 20; ++i) EXPECT_FALSE(r.text().empty());
    for (auto& t : threads) t.join();
    EXPECT_EQ(c.value(), 400000u);
    HistogramValue v = h.read();
    std::uint64_t total = 0;
    for (auto n : v.counts) total += n;
    EXPECT_EQ(total, 400000u);
}

}  // namespace
