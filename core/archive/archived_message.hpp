#pragma once
// One message of a room's archive, as the room showed it live: the stanza without its
// addressee, so a MAM result is the message a joined client got (same id, stanza-id, nick,
// body), folded with what happened to it since (the latest correction, a retraction).

#include <core/codec.hpp>
#include <core/effect.hpp>
#include <core/snowflake.hpp>

#include <cstdint>
#include <optional>

namespace cordgate::core::archive {

struct ArchivedMessage {
    SendXmppMessage message;  // `to` empty; `delay_stamp` is when Discord says it was sent
    Snowflake author;
    std::optional<bool> retracted{};  // a tombstone: the body is gone (XEP-0424 §5)

    static constexpr auto fields = std::tuple{field("message", &ArchivedMessage::message),
                                              field("author", &ArchivedMessage::author),
                                              field("retracted", &ArchivedMessage::retracted)};
};

// What the archive knows of one room as a whole.
struct RoomMeta {
    std::uint64_t count = 0;  // messages kept
    // Everything from the channel's first message on is kept (or was, down to `floor`): paging
    // back past the oldest kept message asks nothing of Discord.
    bool from_beginning = false;
    // Retention dropped the messages older than this one; nothing older is served.
    std::optional<Snowflake> floor{};

    static constexpr auto fields = std::tuple{field("count", &RoomMeta::count),
                                              field("from_beginning", &RoomMeta::from_beginning),
                                              field("floor", &RoomMeta::floor)};
};

}  // namespace cordgate::core::archive
