#pragma once
// The rich parts of a message object (discord-api-docs, Message Resource; discord-userdoccers,
// Message): `type`, `embeds`, `sticker_items`, `poll`, `message_snapshots`. Lenient: Discord
// adds shapes at will, and a message is worth more than one odd embed, so an item that does not
// read is left out rather than the message (unlike json_read.hpp's required fields).

#include <adapters/discord/json_read.hpp>
#include <core/discord_rich.hpp>

#include <optional>
#include <vector>

namespace cordgate::adapters::discord {

struct RichParts {
    std::optional<int> message_type;  // absent when 0 (default)
    std::optional<std::vector<core::DiscordEmbed>> embeds;
    std::optional<std::vector<core::DiscordSticker>> sticker_items;
    std::optional<core::DiscordPoll> poll;
    std::optional<std::vector<core::DiscordForwarded>> forwarded;
    bool is_forward = false;  // message_reference.type 1: the reference is no reply
};

RichParts read_rich(const Json& message);

// Into a DiscordMessageCreate or DiscordMessageUpdate, whose fields share these names.
template <class Message>
void take_rich(RichParts&& r, Message& m) {
    m.message_type = r.message_type;
    m.embeds = std::move(r.embeds);
    m.sticker_items = std::move(r.sticker_items);
    m.poll = std::move(r.poll);
    m.forwarded = std::move(r.forwarded);
}

}  // namespace cordgate::adapters::discord
