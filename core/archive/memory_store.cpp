#include <core/archive/store.hpp>

namespace cordgate::core::archive {

std::optional<std::string> MemoryStore::get(std::string_view key) const {
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
}

void MemoryStore::put(std::string_view key, std::string_view value) {
    auto it = entries_.find(key);
    if (it == entries_.end()) {
        entries_.emplace(std::string(key), std::string(value));
    } else {
        it->second.assign(value);
    }
}

void MemoryStore::erase(std::string_view key) {
    if (auto it = entries_.find(key); it != entries_.end()) entries_.erase(it);
}

void MemoryStore::scan(std::string_view from, std::string_view to, bool descending,
                       const Visit& fn) const {
    auto first = entries_.lower_bound(from);
    auto last = entries_.lower_bound(to);
    if (!descending) {
        for (auto it = first; it != last; ++it) {
            if (!fn(it->first, it->second)) return;
        }
        return;
    }
    for (auto it = last; it != first;) {
        --it;
        if (!fn(it->first, it->second)) return;
    }
}

}  // namespace cordgate::core::archive
