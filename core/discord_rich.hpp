#pragma once
// What a Discord message carries besides its text and files: embeds, stickers, a poll, the
// messages it forwards. Flattened to what the XMPP side shows (discord-api-docs, Message
// Resource: Embed Object, Sticker Item Object, Poll Object, Message Snapshot Object).

#include <core/codec.hpp>
#include <core/discord_types.hpp>
#include <core/snowflake.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::core {

struct DiscordEmbedField {
    std::string name;
    std::string value;

    static constexpr auto fields = std::tuple{field("name", &DiscordEmbedField::name),
                                              field("value", &DiscordEmbedField::value)};
};

// type: "rich" (bots), "link", "article", "video", "image", "gifv" (link previews),
// "poll_result", ...; author, footer, image and thumbnail are kept as their one string.
struct DiscordEmbed {
    std::optional<std::string> type;
    std::optional<std::string> title;
    std::optional<std::string> description;
    std::optional<std::string> url;
    std::optional<std::string> author;     // author.name
    std::optional<std::string> footer;     // footer.text
    std::optional<std::string> image;      // image.url
    std::optional<std::string> thumbnail;  // thumbnail.url
    // image.proxy_url, thumbnail.proxy_url: the copy on Discord's media proxy, the only one the
    // gateway may fetch (the url itself is anyone's server).
    std::optional<std::string> image_proxy;
    std::optional<std::string> thumbnail_proxy;
    std::optional<std::vector<DiscordEmbedField>> fields_list;

    static constexpr auto fields =
        std::tuple{field("type", &DiscordEmbed::type),
                   field("title", &DiscordEmbed::title),
                   field("description", &DiscordEmbed::description),
                   field("url", &DiscordEmbed::url),
                   field("author", &DiscordEmbed::author),
                   field("footer", &DiscordEmbed::footer),
                   field("image", &DiscordEmbed::image),
                   field("thumbnail", &DiscordEmbed::thumbnail),
                   field("image_proxy", &DiscordEmbed::image_proxy),
                   field("thumbnail_proxy", &DiscordEmbed::thumbnail_proxy),
                   field("fields", &DiscordEmbed::fields_list)};
};

// format_type: 1 PNG, 2 APNG, 3 Lottie, 4 GIF.
struct DiscordSticker {
    Snowflake id;
    std::string name;
    int format_type = 1;

    static constexpr auto fields =
        std::tuple{field("id", &DiscordSticker::id), field("name", &DiscordSticker::name),
                   field("format_type", &DiscordSticker::format_type)};

    static constexpr int kPng = 1;
    static constexpr int kApng = 2;
    static constexpr int kLottie = 3;
    static constexpr int kGif = 4;
};

// An answer with its count when the message carries results (results.answer_counts).
struct DiscordPollAnswer {
    std::int64_t answer_id = 0;
    std::string text;
    std::optional<std::string> emoji;  // a unicode emoji, or a custom one's name
    std::optional<std::int64_t> count;

    static constexpr auto fields = std::tuple{
        field("answer_id", &DiscordPollAnswer::answer_id), field("text", &DiscordPollAnswer::text),
        field("emoji", &DiscordPollAnswer::emoji), field("count", &DiscordPollAnswer::count)};
};

struct DiscordPoll {
    std::string question;
    std::vector<DiscordPollAnswer> answers;
    std::optional<bool> finalized;  // results.is_finalized: the poll has closed

    static constexpr auto fields = std::tuple{field("question", &DiscordPoll::question),
                                              field("answers", &DiscordPoll::answers),
                                              field("finalized", &DiscordPoll::finalized)};
};

// One message_snapshots[].message of a forward: the forwarded message's own content.
struct DiscordForwarded {
    std::string content;
    std::vector<DiscordAttachment> attachments;
    std::optional<std::vector<DiscordEmbed>> embeds;
    std::optional<std::vector<DiscordSticker>> sticker_items;

    static constexpr auto fields =
        std::tuple{field("content", &DiscordForwarded::content),
                   field("attachments", &DiscordForwarded::attachments),
                   field("embeds", &DiscordForwarded::embeds),
                   field("sticker_items", &DiscordForwarded::sticker_items)};
};

}  // namespace cordgate::core
