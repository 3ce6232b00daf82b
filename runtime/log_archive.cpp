#include <runtime/log_archive.hpp>

namespace cordgate::runtime {

std::optional<std::string> LogArchive::get(std::string_view key) const {
    if (auto it = changes_.find(key); it != changes_.end()) return it->second;
    return log_.get_archive(key);
}

void LogArchive::put(std::string_view key, std::string_view value) {
    auto it = changes_.find(key);
    if (it == changes_.end()) {
        changes_.emplace(std::string(key), std::string(value));
    } else {
        it->second = std::string(value);
    }
}

void LogArchive::erase(std::string_view key) {
    auto it = changes_.find(key);
    if (it == changes_.end()) {
        changes_.emplace(std::string(key), std::nullopt);
    } else {
        it->second.reset();
    }
}

// The log's entries and the changes merged in key order: a change stands for the log's entry
// of the same key, and an erased one hides it.
void LogArchive::scan(std::string_view from, std::string_view to, bool descending,
                      const Visit& fn) const {
    auto first = changes_.lower_bound(from);
    auto last = changes_.lower_bound(to);
    // The changes not yet visited, walked in the scan's direction.
    auto next = descending ? last : first;
    auto has_next = [&] { return descending ? next != first : next != last; };
    auto peek = [&]() -> const auto& {
        return descending ? *std::prev(next) : *next;
    };
    auto advance = [&] { descending ? --next : ++next; };
    auto before = [&](std::string_view a, std::string_view b) {
        return descending ? b < a : a < b;
    };
    bool go_on = true;
    auto visit_change = [&](const auto& change) {
        if (change.second) go_on = fn(change.first, *change.second);
    };
    log_.scan_archive(from, to, descending, [&](std::string_view key, std::string_view value) {
        while (go_on && has_next() && before(peek().first, key)) {
            visit_change(peek());
            advance();
        }
        if (!go_on) return false;
        if (has_next() && peek().first == key) {
            visit_change(peek());
            advance();
            return go_on;
        }
        go_on = fn(key, value);
        return go_on;
    });
    while (go_on && has_next()) {
        visit_change(peek());
        advance();
    }
}

void LogArchive::write_into(eventlog::Batch& batch) {
    for (const auto& [key, value] : changes_) {
        if (value) {
            batch.put_archive(key, *value);
        } else {
            batch.erase_archive(key);
        }
    }
    changes_.clear();
}

}  // namespace cordgate::runtime
