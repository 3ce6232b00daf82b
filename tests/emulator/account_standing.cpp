#include <tests/emulator/account_standing.hpp>

namespace cordgate::tests::emulator {

std::optional<std::string> AccountStanding::record(std::uint64_t user_id,
                                                   const ProfileMismatch& m) {
    ++flags_[{user_id, m.kind, m.detail}];
    if (!strict_.enabled || !required_action(user_id).empty()) return std::nullopt;
    if (flag_count(user_id) < strict_.threshold) return std::nullopt;
    required_[user_id] = strict_.action;
    return strict_.action;
}

bool AccountStanding::set_required_action(std::uint64_t user_id, const std::string& action) {
    if (required_action(user_id) == action) return false;
    if (action.empty()) {
        required_.erase(user_id);
    } else {
        required_[user_id] = action;
    }
    return true;
}

const std::string& AccountStanding::required_action(std::uint64_t user_id) const {
    static const std::string none;
    auto it = required_.find(user_id);
    return it == required_.end() ? none : it->second;
}

std::uint64_t AccountStanding::flag_count(std::uint64_t user_id) const {
    std::uint64_t n = 0;
    for (auto it = flags_.lower_bound({user_id, "", ""});
         it != flags_.end() && std::get<0>(it->first) == user_id; ++it)
        n += it->second;
    return n;
}

void AccountStanding::write_flags(JsonOut& j) const {
    j.obj().key("flags").arr();
    for (const auto& [key, count] : flags_) {
        const auto& [user, kind, detail] = key;
        j.obj().ks("user_id", user).kv("kind", kind).kv("detail", detail);
        j.kn("count", static_cast<std::int64_t>(count)).end();
    }
    j.end_arr().end();
}

}  // namespace cordgate::tests::emulator
