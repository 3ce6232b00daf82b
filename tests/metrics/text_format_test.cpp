// The text exposition format, byte for byte: what a Prometheus server parses.

#include <metrics/text_format.hpp>

#include <gtest/gtest.h>

#include <limits>

namespace {

using namespace cordgate::metrics;

TEST(TextFormat, CounterWithoutLabels) {
    Family f{"cordgate_core_events_appended_total",
             "Events appended",
             Type::counter,
             {Series{{}, std::uint64_t{42}}}};
    EXPECT_EQ(write_text({f}),
              "# HELP cordgate_core_events_appended_total Events appended\n"
              "# TYPE cordgate_core_events_appended_total counter\n"
              "cordgate_core_events_appended_total 42\n");
}

TEST(TextFormat, GaugeSeriesWithLabelsInTheirOrder) {
    Family f{"sessions",
             "By state",
             Type::gauge,
             {Series{{{"state", "ready"}, {"side", "core"}}, std::int64_t{3}},
              Series{{{"state", "failed"}, {"side", "core"}}, std::int64_t{-1}}}};
    EXPECT_EQ(write_text({f}),
              "# HELP sessions By state\n"
              "# TYPE sessions gauge\n"
              "sessions{state=\"ready\",side=\"core\"} 3\n"
              "sessions{state=\"failed\",side=\"core\"} -1\n");
}

TEST(TextFormat, EscapesHelpAndLabelValues) {
    Family f{"x_total",
             "a \\ b\nc \"q\"",
             Type::counter,
             {Series{{{"route", "a\"b\\c\nd"}}, std::uint64_t{1}}}};
    EXPECT_EQ(write_text({f}),
              "# HELP x_total a \\\\ b\\nc \"q\"\n"
              "# TYPE x_total counter\n"
              "x_total{route=\"a\\\"b\\\\c\\nd\"} 1\n");
}

TEST(TextFormat, HistogramBucketsAreCumulativeWithInfSumAndCount) {
    HistogramValue h{{0.0001, 0.001, 0.5}, {2, 0, 3, 1}, 1.25};
    Family f{"commit_seconds", "Commit time", Type::histogram, {Series{{{"t", "x"}}, h}}};
    EXPECT_EQ(write_text({f}),
              "# HELP commit_seconds Commit time\n"
              "# TYPE commit_seconds histogram\n"
              "commit_seconds_bucket{t=\"x\",le=\"0.0001\"} 2\n"
              "commit_seconds_bucket{t=\"x\",le=\"0.001\"} 2\n"
              "commit_seconds_bucket{t=\"x\",le=\"0.5\"} 5\n"
              "commit_seconds_bucket{t=\"x\",le=\"+Inf\"} 6\n"
              "commit_seconds_sum{t=\"x\"} 1.25\n"
              "commit_seconds_count{t=\"x\"} 6\n");
}

TEST(TextFormat, HistogramWithoutLabelsHasOnlyLe) {
    HistogramValue h{{1}, {0, 0}, 0};
    Family f{"h", "H", Type::histogram, {Series{{}, h}}};
    EXPECT_EQ(write_text({f}),
              "# HELP h H\n# TYPE h histogram\n"
              "h_bucket{le=\"1\"} 0\nh_bucket{le=\"+Inf\"} 0\nh_sum 0\nh_count 0\n");
}

TEST(TextFormat, FamiliesFollowEachOther) {
    Family a{"a_total", "A", Type::counter, {Series{{}, std::uint64_t{1}}}};
    Family b{"b", "B", Type::gauge, {}};
    EXPECT_EQ(write_text({a, b}),
              "# HELP a_total A\n# TYPE a_total counter\na_total 1\n"
              "# HELP b B\n# TYPE b gauge\n");
}

TEST(TextFormat, DoublesAreShortestRoundTrip) {
    EXPECT_EQ(format_double(0.00005), "5e-05");
    EXPECT_EQ(format_double(0.25), "0.25");
    EXPECT_EQ(format_double(10), "10");
    EXPECT_EQ(format_double(std::numeric_limits<double>::infinity()), "+Inf");
    EXPECT_EQ(format_double(-std::numeric_limits<double>::infinity()), "-Inf");
    EXPECT_EQ(format_double(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

TEST(TextFormat, ContentTypeIsVersion004) {
    EXPECT_EQ(kContentType, "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace
