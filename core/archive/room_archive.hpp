#pragma once
// A room's archive kept in a Store: one entry per Discord message, keyed by the user, the
// channel and the message's snowflake, so a room's messages are one ordered range and a page
// is one scan. Per user, because what a user may read is what their own account saw.

#include <core/archive/archived_message.hpp>
#include <core/archive/store.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace cordgate::core::archive {

// Retention: a room keeps its newest messages up to this many; older ones are dropped as new
// ones come (docs/ARCHITECTURE.md, "The room archive").
inline constexpr std::uint64_t kMaxMessagesPerRoom = 100000;

struct RoomRef {
    const std::string& user;  // bare JID
    Snowflake room;           // the Discord channel (a thread is a channel of its own)
};

RoomMeta meta(const Store& store, const RoomRef& room);
std::optional<ArchivedMessage> find(const Store& store, const RoomRef& room, Snowflake id);

// Keeps a message as it was shown, or replaces a kept one of the same id. Past the retention
// bound the oldest goes. A message older than the retention floor is not kept.
void record(Store& store, const RoomRef& room, Snowflake id, const ArchivedMessage& message);
// A correction: the archive shows the message's latest text.
void correct(Store& store, const RoomRef& room, Snowflake id, const std::string& body);
void retract(Store& store, const RoomRef& room, Snowflake id);
// Discord's history reached the channel's first message.
void mark_from_beginning(Store& store, const RoomRef& room);
// Unregistration: everything the user's archive holds.
void forget_user(Store& store, const std::string& user);

struct Entry {
    Snowflake id;
    ArchivedMessage message;
};

// Messages with after < id < before, at most `max`, in time order. `newest_first` takes the
// newest ones of the range (paging back), otherwise the oldest. `more` says the range held more.
// With a filter, only the messages it accepts count (MAM's `with`).
struct Page {
    std::vector<Entry> entries;
    bool more = false;
};
using Filter = std::function<bool(const ArchivedMessage&)>;
Page page(const Store& store, const RoomRef& room, Snowflake after, Snowflake before,
          bool newest_first, std::size_t max, const Filter& filter = {});

}  // namespace cordgate::core::archive
