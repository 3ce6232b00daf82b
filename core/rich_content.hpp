#pragma once
// A whole Discord message as one XMPP body: the text in XEP-0393 styling with mentions, roles
// and timestamps readable, then its files, stickers, embeds, poll and forwarded messages, each
// as lines a client that knows nothing more can read; system messages (pins, joins, boosts,
// calls, threads, ...) as one short line. Pure: the session only names people, roles, channels.

#include <core/discord_events.hpp>
#include <core/event.hpp>
#include <core/state.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::core {

// The parts of a message that show, from a MESSAGE_CREATE or a (full) MESSAGE_UPDATE.
struct MessageParts {
    int type = 0;
    std::string_view content;
    const std::vector<DiscordAttachment>* attachments = nullptr;
    const std::vector<DiscordEmbed>* embeds = nullptr;
    const std::vector<DiscordSticker>* stickers = nullptr;
    const DiscordPoll* poll = nullptr;
    const std::vector<DiscordForwarded>* forwarded = nullptr;
    const std::vector<Snowflake>* mentions = nullptr;
    std::optional<Snowflake> author_id;
    std::string author_name;  // for system lines: "Mira pinned a message to this channel."
    // Its files and those of the messages it forwards go as messages of their own
    // (core/file_transfers.hpp): the body leaves out what files_of lists.
    bool files_apart = false;
};

MessageParts parts_of(const DiscordMessageCreate& msg);
MessageParts parts_of(const DiscordMessageUpdate& upd);

struct RenderedMessage {
    std::string body;
    std::optional<std::string> oob_url;  // XEP-0066: the first file, sticker or embed image
    bool spoiler = false;                // XEP-0382: a ||spoiler|| or a SPOILER_ file
};

// A file a message shows, when its files go apart: an attachment, or the image of a sticker
// or of an embed (on Discord's media proxy), whose size only the file itself tells (`probe`).
struct MessageFile {
    DiscordAttachment attachment;
    bool probe = false;
};

// The files of a message in the order they show: its attachments, stickers and embeds' images,
// then those of the messages it forwards. A Lottie sticker and an embed image without a copy on
// the media proxy are not files: they stay lines of the body.
std::vector<MessageFile> files_of(const MessageParts& parts);

RenderedMessage render_message(const Session& session, std::optional<Snowflake> guild_id,
                               const MessageParts& parts);

// Discord's media URL of a sticker, nullopt for Lottie (a JSON animation clients cannot show):
// discord-api-docs Reference "Image Formatting": cdn.discordapp.com/stickers/{id}.png for PNG
// and APNG; GIF stickers are not on the CDN base URL, only media.discordapp.net/stickers/{id}.gif
// (discord-api-docs PR #6831).
std::optional<std::string> sticker_url(const DiscordSticker& sticker);

// The line a system message (type other than 0 default, 19 reply, 20 and 23 commands) shows,
// or nullopt for those normal ones.
std::optional<std::string> system_line(const Session& session, std::optional<Snowflake> guild_id,
                                       const MessageParts& parts);

}  // namespace cordgate::core
