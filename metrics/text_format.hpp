#pragma once
// The Prometheus text exposition format, version 0.0.4 (what /metrics answers with):
//
//   # HELP <name> <help, with \ and newline escaped>
//   # TYPE <name> counter|gauge|histogram
//   <name>{<label>="<value, with \ " and newline escaped>",...} <value>
//
// a histogram as <name>_bucket{...,le="<bound>"} with cumulative counts, the last one
// le="+Inf", then <name>_sum and <name>_count. Pure: values in, bytes out.
// https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace cordgate::metrics {

using Labels = std::vector<std::pair<std::string, std::string>>;

enum class Type { counter, gauge, histogram };
std::string_view name(Type type);

struct HistogramValue {
    std::vector<double> upper_bounds;   // ascending; +Inf is not listed
    std::vector<std::uint64_t> counts;  // per bucket, not cumulative; one more than bounds
    double sum = 0;
};

struct Series {
    Labels labels;
    std::variant<std::uint64_t, std::int64_t, HistogramValue> value;  // counter, gauge, histogram
};

struct Family {
    std::string name;
    std::string help;
    Type type = Type::counter;
    std::vector<Series> series;
};

// A number as Prometheus reads it: the shortest text that parses back to the same double,
// "+Inf", "-Inf" or "NaN".
std::string format_double(double v);

void write_text(const Family& family, std::string& out);
std::string write_text(const std::vector<Family>& families);

// The Content-Type of write_text's output.
inline constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace cordgate::metrics
