#pragma once
// A user session's guild subscriptions: what op 37 GUILD_SUBSCRIPTIONS_BULK and the older
// op 14 GUILD_SUBSCRIPTIONS asked for (discord-userdoccers commit ca08226 "Document guild
// subscriptions", pages/gateway/gateway-events.mdx "Update Guild Subscriptions" and "Bulk
// Update Guild Subscriptions", pages/topics/guild-subscriptions.mdx; discord.py-self
// discord/state.py, GuildSubscriptions). Pure: parsing and merging, no I/O.

#include <rapidjson/document.h>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace cordgate::tests::emulator {

// A chunk of the member list, [first, last] indexes of items (groups and members alike).
using ListRange = std::pair<std::int64_t, std::int64_t>;

struct GuildSubscription {
    // Once `typing` has been true the guild is subscribed for good, even after typing:false
    // ("cannot be unsubscribed", guild-subscriptions.mdx).
    bool subscribed = false;
    bool typing = false;
    bool activities = false;
    bool threads = false;
    bool member_updates = false;
    std::set<std::uint64_t> members;
    std::map<std::uint64_t, std::vector<ListRange>> channels;  // normalized ranges
    std::set<std::uint64_t> thread_member_lists;
};

// One guild's part of an op 37 (or an op 14): only the keys present change anything, each
// replacing its earlier value (discord.py-self state.py `_flush`: "Only keys that are present
// in the payload are updated on the backend").
struct SubscriptionUpdate {
    std::uint64_t guild_id = 0;
    std::optional<bool> typing;
    std::optional<bool> activities;
    std::optional<bool> threads;
    std::optional<bool> member_updates;
    std::optional<std::set<std::uint64_t>> members;
    std::optional<std::map<std::uint64_t, std::vector<ListRange>>> channels;
    std::optional<std::set<std::uint64_t>> thread_member_lists;
};

// What an update changed that the gateway answers with dispatches.
struct SubscriptionChange {
    bool newly_subscribed = false;  // first typing:true (a large guild then gets GUILD_CREATE)
    bool threads_on = false;        // threads false -> true: THREAD_LIST_SYNC
    bool channels_changed = false;  // the member lists to sync
};

// op 37's `d`: {"subscriptions": {"<guild_id>": {...}}}. A value of the wrong shape is
// skipped, never an error: Discord's client never sends one, and a test client must not be
// able to crash or disconnect the emulator with one.
std::vector<SubscriptionUpdate> parse_bulk_subscriptions(const rapidjson::Value& d);
// op 14's `d`: the same fields as one guild of op 37, plus `guild_id`.
std::optional<SubscriptionUpdate> parse_guild_subscription(const rapidjson::Value& d);
// One guild's fields (the object inside op 37's map, or op 14's `d`).
SubscriptionUpdate parse_subscription_fields(std::uint64_t guild_id, const rapidjson::Value& v);

// guild-subscriptions.mdx, "Range Parsing": 1-3 ranges, each spanning at most 300, widened
// to whole chunks of 100 ([0,99], [100,199], ...), sorted, without duplicates. nullopt when
// the ranges break those rules (the emulator then ignores that channel).
std::optional<std::vector<ListRange>> normalize_ranges(const std::vector<ListRange>& ranges);

SubscriptionChange apply_update(GuildSubscription& sub, const SubscriptionUpdate& update);

// At most five channels' member lists per guild (gateway-events.mdx, the `channels` field).
inline constexpr std::size_t kMaxSubscribedChannels = 5;

}  // namespace cordgate::tests::emulator
