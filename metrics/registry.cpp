#include <metrics/registry.hpp>

#include <algorithm>
#include <stdexcept>
#include <variant>

namespace cordgate::metrics {

Histogram::Histogram(std::vector<std::uint64_t> upper_bounds, double divisor)
    : bounds_(std::move(upper_bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)),
      divisor_(divisor) {
    if (!std::is_sorted(bounds_.begin(), bounds_.end()) ||
        std::adjacent_find(bounds_.begin(), bounds_.end()) != bounds_.end()) {
        throw std::logic_error("histogram bounds must be strictly ascending");
    }
}

HistogramValue Histogram::read() const {
    HistogramValue v;
    v.upper_bounds.reserve(bounds_.size());
    for (std::uint64_t b : bounds_) v.upper_bounds.push_back(static_cast<double>(b) / divisor_);
    v.counts.reserve(bounds_.size() + 1);
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
        v.counts.push_back(buckets_[i].load(std::memory_order_relaxed));
    }
    v.sum = static_cast<double>(sum_.load(std::memory_order_relaxed)) / divisor_;
    return v;
}

std::vector<std::uint64_t> latency_bounds_us() {
    return {50,    100,   250,    500,    1000,   2500,    5000,    10000,
            25000, 50000, 100000, 250000, 500000, 1000000, 2500000, 10000000};
}

struct Registry::Entry {
    Labels labels;
    std::variant<std::unique_ptr<Counter>, std::unique_ptr<Gauge>, std::unique_ptr<Histogram>>
        metric;
    std::vector<std::uint64_t> bounds;  // histograms: to refuse the same series with others
    double divisor = 1;
};

struct Registry::FamilyEntry {
    std::string name;
    std::string help;
    Type type;
    std::vector<Entry> entries;

    Entry* find(const Labels& labels) {
        for (Entry& e : entries)
            if (e.labels == labels) return &e;
        return nullptr;
    }
};

Registry::Registry() = default;
Registry::~Registry() = default;

Registry::FamilyEntry& Registry::family(std::string_view name, std::string_view help, Type type) {
    for (auto& f : families_) {
        if (f->name != name) continue;
        if (f->type != type) {
            throw std::logic_error("metric " + std::string(name) + " registered as " +
                                   std::string(metrics::name(f->type)));
        }
        return *f;
    }
    families_.push_back(
        std::make_unique<FamilyEntry>(FamilyEntry{std::string(name), std::string(help), type, {}}));
    return *families_.back();
}

Counter& Registry::counter(std::string_view name, std::string_view help, Labels labels) {
    std::lock_guard lock(mutex_);
    FamilyEntry& f = family(name, help, Type::counter);
    if (Entry* e = f.find(labels)) return *std::get<std::unique_ptr<Counter>>(e->metric);
    f.entries.push_back(Entry{std::move(labels), std::make_unique<Counter>(), {}, 1});
    return *std::get<std::unique_ptr<Counter>>(f.entries.back().metric);
}

Gauge& Registry::gauge(std::string_view name, std::string_view help, Labels labels) {
    std::lock_guard lock(mutex_);
    FamilyEntry& f = family(name, help, Type::gauge);
    if (Entry* e = f.find(labels)) return *std::get<std::unique_ptr<Gauge>>(e->metric);
    f.entries.push_back(Entry{std::move(labels), std::make_unique<Gauge>(), {}, 1});
    return *std::get<std::unique_ptr<Gauge>>(f.entries.back().metric);
}

Histogram& Registry::histogram(std::string_view name, std::string_view help,
                               std::vector<std::uint64_t> upper_bounds, double divisor,
                               Labels labels) {
    std::lock_guard lock(mutex_);
    FamilyEntry& f = family(name, help, Type::histogram);
    if (Entry* e = f.find(labels)) {
        if (e->bounds != upper_bounds || e->divisor != divisor) {
            throw std::logic_error("histogram " + std::string(name) +
                                   " registered with other buckets");
        }
        return *std::get<std::unique_ptr<Histogram>>(e->metric);
    }
    auto h = std::make_unique<Histogram>(upper_bounds, divisor);
    f.entries.push_back(Entry{std::move(labels), std::move(h), std::move(upper_bounds), divisor});
    return *std::get<std::unique_ptr<Histogram>>(f.entries.back().metric);
}

std::vector<Family> Registry::snapshot() const {
    std::lock_guard lock(mutex_);
    std::vector<Family> out;
    out.reserve(families_.size());
    for (const auto& f : families_) {
        Family family{f->name, f->help, f->type, {}};
        family.series.reserve(f->entries.size());
        for (const Entry& e : f->entries) {
            Series s{e.labels, std::uint64_t{0}};
            std::visit(
                [&](const auto& metric) {
                    using T = std::decay_t<decltype(*metric)>;
                    if constexpr (std::is_same_v<T, Counter>) {
                        s.value = metric->value();
                    } else if constexpr (std::is_same_v<T, Gauge>) {
                        s.value = metric->value();
                    } else {
                        s.value = metric->read();
                    }
                },
                e.metric);
            family.series.push_back(std::move(s));
        }
        out.push_back(std::move(family));
    }
    return out;
}

std::string Registry::text() const {
    return write_text(snapshot());
}

}  // namespace cordgate::metrics
