#pragma once
// What cordgate's own file store keeps: files younger than the age limit, and within the
// quota, the newest. Pure, so the rules are tested without a disk: the store lists its files,
// this says which to delete, the store deletes them.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace cordgate::adapters::discord {

struct StoredFile {
    std::string name;  // relative to the store's directory
    std::uint64_t bytes = 0;
    std::int64_t modified_s = 0;  // Unix seconds
};

struct StoreLimits {
    std::uint64_t quota_bytes = 1ull << 30;
    std::chrono::seconds max_age{30 * 24 * 3600};
};

struct EvictionPlan {
    std::vector<std::string> remove;  // expired first, then the oldest, until `incoming` fits
    bool fits = true;                 // false: `incoming` is larger than the whole quota
};

// The files to delete at `now_s` so that `incoming` more bytes stay within the quota.
EvictionPlan plan_eviction(std::vector<StoredFile> files, const StoreLimits& limits,
                           std::uint64_t incoming, std::int64_t now_s);

}  // namespace cordgate::adapters::discord
