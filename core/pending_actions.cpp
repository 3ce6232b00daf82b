#include <core/pending_actions.hpp>

#include <algorithm>

namespace cordgate::core {

std::string SplitMessage::whole() const {
    std::string out;
    for (const auto& t : texts) {
        if (!out.empty()) out += '\n';
        out += t;
    }
    return out;
}

bool SplitMessage::all_echoed() const {
    return std::none_of(ids.begin(), ids.end(), [](Snowflake id) { return id.empty(); });
}

void PendingActions::remember(std::uint64_t effect_id, ActionOrigin origin) {
    if (origin.send) effect_by_nonce[origin.send->nonce] = effect_id;
    by_effect.emplace_hint(by_effect.end(), effect_id, std::move(origin));
    while (by_effect.size() > kRemembered) take(by_effect.begin()->first);
}

std::optional<ActionOrigin> PendingActions::take(std::uint64_t effect_id) {
    auto it = by_effect.find(effect_id);
    if (it == by_effect.end()) return std::nullopt;
    ActionOrigin origin = std::move(it->second);
    by_effect.erase(it);
    if (origin.send) {
        auto nonce = effect_by_nonce.find(origin.send->nonce);
        if (nonce != effect_by_nonce.end() && nonce->second == effect_id) {
            effect_by_nonce.erase(nonce);
        }
    }
    return origin;
}

std::optional<ActionOrigin> PendingActions::echoed(const std::string& nonce) {
    auto it = effect_by_nonce.find(nonce);
    if (it == effect_by_nonce.end()) return std::nullopt;
    return take(it->second);
}

void PendingActions::keep(KeptMessage message) {
    kept.push_back(std::move(message));
    if (kept.size() > kKept) kept.erase(kept.begin());
}

void PendingActions::remember_split(const std::string& xmpp_id, SplitMessage split) {
    split_by_xmpp[xmpp_id] = std::move(split);
    if (split_by_xmpp.size() <= kSplitRemembered) return;
    auto oldest = std::min_element(
        split_by_xmpp.begin(), split_by_xmpp.end(),
        [](const auto& a, const auto& b) { return a.second.position < b.second.position; });
    split_by_xmpp.erase(oldest);
}

SplitMessage* PendingActions::split(const std::string& xmpp_id) {
    auto it = split_by_xmpp.find(xmpp_id);
    return it == split_by_xmpp.end() ? nullptr : &it->second;
}

}  // namespace cordgate::core
