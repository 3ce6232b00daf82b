#include <tests/emulator/snowflake.hpp>
#include <tests/emulator/subscriptions.hpp>

#include <algorithm>

namespace cordgate::tests::emulator {
namespace {

std::optional<bool> bool_field(const rapidjson::Value& v, const char* name) {
    auto it = v.FindMember(name);
    if (it == v.MemberEnd() || !it->value.IsBool()) return std::nullopt;
    return it->value.GetBool();
}

// An array of snowflakes; entries that are not one are skipped.
std::optional<std::set<std::uint64_t>> id_set(const rapidjson::Value& v, const char* name) {
    auto it = v.FindMember(name);
    if (it == v.MemberEnd() || !it->value.IsArray()) return std::nullopt;
    std::set<std::uint64_t> out;
    for (const auto& e : it->value.GetArray())
        if (auto id = snowflake_of(e)) out.insert(*id);
    return out;
}

std::optional<std::vector<ListRange>> ranges_of(const rapidjson::Value& v) {
    if (!v.IsArray()) return std::nullopt;
    std::vector<ListRange> out;
    for (const auto& r : v.GetArray()) {
        if (!r.IsArray() || r.Size() != 2 || !r[0].IsInt64() || !r[1].IsInt64())
            return std::nullopt;
        out.emplace_back(r[0].GetInt64(), r[1].GetInt64());
    }
    return normalize_ranges(out);
}

std::optional<std::map<std::uint64_t, std::vector<ListRange>>> channels_of(
    const rapidjson::Value& v) {
    auto it = v.FindMember("channels");
    if (it == v.MemberEnd() || !it->value.IsObject()) return std::nullopt;
    if (it->value.MemberCount() > kMaxSubscribedChannels) return std::nullopt;
    std::map<std::uint64_t, std::vector<ListRange>> out;
    for (const auto& m : it->value.GetObject()) {
        auto id = parse_snowflake(std::string_view(m.name.GetString(), m.name.GetStringLength()));
        auto ranges = ranges_of(m.value);
        if (id && ranges) out[*id] = std::move(*ranges);
    }
    return out;
}

}  // namespace

std::optional<std::vector<ListRange>> normalize_ranges(const std::vector<ListRange>& ranges) {
    if (ranges.empty() || ranges.size() > 3) return std::nullopt;
    std::set<ListRange> chunks;
    for (auto [a, b] : ranges) {
        const std::int64_t start = std::min(a, b), end = std::max(a, b);
        if (start < 0 || end - start > 300) return std::nullopt;
        for (std::int64_t c = start / 100; c <= end / 100; ++c)
            chunks.emplace(c * 100, c * 100 + 99);
    }
    return std::vector<ListRange>(chunks.begin(), chunks.end());
}

SubscriptionUpdate parse_subscription_fields(std::uint64_t guild_id, const rapidjson::Value& v) {
    SubscriptionUpdate u;
    u.guild_id = guild_id;
    if (!v.IsObject()) return u;
    u.typing = bool_field(v, "typing");
    u.activities = bool_field(v, "activities");
    u.threads = bool_field(v, "threads");
    u.member_updates = bool_field(v, "member_updates");
    u.members = id_set(v, "members");
    u.channels = channels_of(v);
    u.thread_member_lists = id_set(v, "thread_member_lists");
    return u;
}

std::vector<SubscriptionUpdate> parse_bulk_subscriptions(const rapidjson::Value& d) {
    std::vector<SubscriptionUpdate> out;
    if (!d.IsObject()) return out;
    auto subs = d.FindMember("subscriptions");
    if (subs == d.MemberEnd() || !subs->value.IsObject()) return out;
    for (const auto& m : subs->value.GetObject()) {
        auto id = parse_snowflake(std::string_view(m.name.GetString(), m.name.GetStringLength()));
        if (id && m.value.IsObject()) out.push_back(parse_subscription_fields(*id, m.value));
    }
    return out;
}

std::optional<SubscriptionUpdate> parse_guild_subscription(const rapidjson::Value& d) {
    if (!d.IsObject() || !d.HasMember("guild_id")) return std::nullopt;
    auto id = snowflake_of(d["guild_id"]);
    if (!id) return std::nullopt;
    return parse_subscription_fields(*id, d);
}

SubscriptionChange apply_update(GuildSubscription& sub, const SubscriptionUpdate& u) {
    SubscriptionChange change;
    if (u.typing) {
        sub.typing = *u.typing;
        if (*u.typing && !sub.subscribed) {
            sub.subscribed = true;
            change.newly_subscribed = true;
        }
    }
    if (u.activities) sub.activities = *u.activities;
    if (u.threads) {
        change.threads_on = *u.threads && !sub.threads;
        sub.threads = *u.threads;
    }
    if (u.member_updates) sub.member_updates = *u.member_updates;
    if (u.members) sub.members = *u.members;
    if (u.channels) {
        sub.channels = *u.channels;
        change.channels_changed = true;
    }
    if (u.thread_member_lists) sub.thread_member_lists = *u.thread_member_lists;
    return change;
}

}  // namespace cordgate::tests::emulator
