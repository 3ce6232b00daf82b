#include <metrics/text_format.hpp>

#include <charconv>
#include <cmath>

namespace cordgate::metrics {
namespace {

void escape_help(std::string_view text, std::string& out) {
    for (char c : text) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
}

void escape_label_value(std::string_view text, std::string& out) {
    for (char c : text) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
}

// {a="x",b="y"} with `extra` (le) last; nothing when there are no labels at all.
void write_labels(const Labels& labels, const std::pair<std::string_view, std::string>* extra,
                  std::string& out) {
    if (labels.empty() && !extra) return;
    out += '{';
    bool first = true;
    auto one = [&](std::string_view key, std::string_view value) {
        if (!first) out += ',';
        first = false;
        out += key;
        out += "=\"";
        escape_label_value(value, out);
        out += '"';
    };
    for (const auto& [key, value] : labels) one(key, value);
    if (extra) one(extra->first, extra->second);
    out += '}';
}

void write_integer(std::uint64_t v, std::string& out) {
    char buffer[24];
    auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
    out.append(buffer, end);
}

void write_integer(std::int64_t v, std::string& out) {
    char buffer[24];
    auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
    out.append(buffer, end);
}

void write_line(std::string_view name, std::string_view suffix, const Labels& labels,
                const std::pair<std::string_view, std::string>* extra, std::string& out) {
    out += name;
    out += suffix;
    write_labels(labels, extra, out);
    out += ' ';
}

void write_histogram(const Family& family, const Series& series, const HistogramValue& h,
                     std::string& out) {
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < h.counts.size(); ++i) {
        cumulative += h.counts[i];
        std::pair<std::string_view, std::string> le{
            "le", i < h.upper_bounds.size() ? format_double(h.upper_bounds[i]) : "+Inf"};
        write_line(family.name, "_bucket", series.labels, &le, out);
        write_integer(cumulative, out);
        out += '\n';
    }
    write_line(family.name, "_sum", series.labels, nullptr, out);
    out += format_double(h.sum);
    out += '\n';
    write_line(family.name, "_count", series.labels, nullptr, out);
    write_integer(cumulative, out);
    out += '\n';
}

}  // namespace

std::string_view name(Type type) {
    switch (type) {
        case Type::counter:
            return "counter";
        case Type::gauge:
            return "gauge";
        case Type::histogram:
            return "histogram";
    }
    return "untyped";
}

std::string format_double(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    // Plain decimals where Go's strconv (Prometheus's own) writes them, 1e-4 up to 1e21, so
    // bucket bounds read "0.0001" rather than "1e-04"; exponents beyond.
    const double magnitude = std::fabs(v);
    const auto format = magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e21)
                            ? std::chars_format::fixed
                            : std::chars_format::scientific;
    char buffer[64];
    auto end = std::to_chars(buffer, buffer + sizeof buffer, v, format).ptr;
    return std::string(buffer, end);
}

void write_text(const Family& family, std::string& out) {
    out += "# HELP ";
    out += family.name;
    out += ' ';
    escape_help(family.help, out);
    out += "\n# TYPE ";
    out += family.name;
    out += ' ';
    out += name(family.type);
    out += '\n';
    for (const Series& series : family.series) {
        std::visit(
            [&](const auto& value) {
                using T = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<T, HistogramValue>) {
                    write_histogram(family, series, value, out);
                } else {
                    write_line(family.name, "", series.labels, nullptr, out);
                    write_integer(value, out);
                    out += '\n';
                }
            },
            series.value);
    }
}

std::string write_text(const std::vector<Family>& families) {
    std::string out;
    for (const Family& family : families) write_text(family, out);
    return out;
}

}  // namespace cordgate::metrics
