#include <adapters/discord/store_policy.hpp>

#include <algorithm>

namespace cordgate::adapters::discord {

EvictionPlan plan_eviction(std::vector<StoredFile> files, const StoreLimits& limits,
                           std::uint64_t incoming, std::int64_t now_s) {
    EvictionPlan plan;
    plan.fits = incoming <= limits.quota_bytes;
    // Oldest first; the name breaks ties so the plan does not depend on the listing's order.
    std::sort(files.begin(), files.end(), [](const StoredFile& a, const StoredFile& b) {
        return a.modified_s != b.modified_s ? a.modified_s < b.modified_s : a.name < b.name;
    });
    std::uint64_t kept = 0;
    for (const auto& f : files) kept += f.bytes;
    const std::int64_t oldest_kept = now_s - static_cast<std::int64_t>(limits.max_age.count());
    const std::uint64_t room = plan.fits ? limits.quota_bytes - incoming : 0;
    for (const auto& f : files) {
        const bool expired = f.modified_s < oldest_kept;
        if (!expired && kept <= room) break;
        plan.remove.push_back(f.name);
        kept -= f.bytes;
    }
    // Past the first file that is neither expired nor needed for room, later ones are newer.
    return plan;
}

}  // namespace cordgate::adapters::discord
