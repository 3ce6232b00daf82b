#include <core/content.hpp>
#include <core/discord_markdown.hpp>
#include <core/rich_content.hpp>
#include <core/url_text.hpp>

#include <charconv>

namespace cordgate::core {
namespace {

// Types whose message is what its author wrote (discord-userdoccers, Message "Message Type"):
// 0 default, 19 reply, 20 chat input command, 23 context menu command.
bool is_normal(int type) {
    return type == 0 || type == 19 || type == 20 || type == 23;
}

StyledText styled(const Session& session, std::optional<Snowflake> guild_id,
                  std::string_view text) {
    const TokenRenderer render = [&](std::string_view token) {
        return render_discord_token(session, guild_id, token);
    };
    return discord_markdown_to_styling(text, render);
}

void add_line(std::string& body, std::string_view line) {
    if (line.empty()) return;
    if (!body.empty()) body += '\n';
    body += line;
}

std::string quoted(std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i <= text.size()) {
        const std::size_t eol = text.find('\n', i);
        const std::string_view line = text.substr(i, eol == std::string_view::npos ? eol : eol - i);
        if (!out.empty()) out += '\n';
        out += line.empty() ? ">" : "> ";
        out += line;
        if (eol == std::string_view::npos) break;
        i = eol + 1;
    }
    return out;
}

// A link preview repeats a URL of the text; XMPP clients preview links themselves, so it adds
// nothing but noise (the official client shows it as a card under the text).
bool is_link_preview(const DiscordEmbed& e, std::string_view content) {
    if (!e.type || !e.url) return false;
    const std::string& t = *e.type;
    const bool preview =
        t == "link" || t == "article" || t == "video" || t == "image" || t == "gifv";
    return preview && content.find(*e.url) != std::string_view::npos;
}

bool shows(const DiscordEmbed& e, std::string_view content) {
    return e.type != "poll_result" && !is_link_preview(e, content);
}

// The image an embed shows (its image, else its thumbnail), and the media proxy's copy of it.
const std::optional<std::string>& shown_image(const DiscordEmbed& e) {
    return e.image ? e.image : e.thumbnail;
}
const std::optional<std::string>& shown_image_proxy(const DiscordEmbed& e) {
    return e.image ? e.image_proxy : e.thumbnail_proxy;
}

std::optional<MessageFile> sticker_file(const DiscordSticker& s) {
    auto url = sticker_url(s);
    if (!url) return std::nullopt;
    std::string name = s.name.empty() ? "sticker" : s.name;
    for (char& c : name)
        if (c == '/' || c == '\\' || c == '\0') c = '_';
    const bool gif = s.format_type == DiscordSticker::kGif;
    MessageFile f;
    f.attachment.id = s.id;
    f.attachment.filename = name + (gif ? ".gif" : ".png");
    f.attachment.url = std::move(*url);
    f.attachment.content_type = gif ? "image/gif" : "image/png";
    f.probe = true;
    return f;
}

std::optional<MessageFile> embed_image_file(const DiscordEmbed& e, std::string_view content) {
    if (!shows(e, content) || !shown_image(e) || !shown_image_proxy(e)) return std::nullopt;
    MessageFile f;
    f.attachment.url = *shown_image_proxy(e);
    f.attachment.filename = filename_of_url(f.attachment.url);
    f.probe = true;
    return f;
}

void add_files(std::vector<MessageFile>& out, std::string_view content,
               const std::vector<DiscordAttachment>* attachments,
               const std::vector<DiscordSticker>* stickers,
               const std::vector<DiscordEmbed>* embeds) {
    if (attachments) {
        for (const auto& a : *attachments) out.push_back(MessageFile{a, false});
    }
    if (stickers) {
        for (const auto& s : *stickers)
            if (auto f = sticker_file(s)) out.push_back(std::move(*f));
    }
    if (embeds) {
        for (const auto& e : *embeds)
            if (auto f = embed_image_file(e, content)) out.push_back(std::move(*f));
    }
}

template <typename T>
const std::vector<T>* list(const std::optional<std::vector<T>>& v) {
    return v ? &*v : nullptr;
}

struct Collector {
    const Session& session;
    std::optional<Snowflake> guild_id;
    bool files_apart = false;
    RenderedMessage out;

    void file(const DiscordAttachment& a, std::string& body) {
        add_line(body, a.url);
        if (!out.oob_url) out.oob_url = a.url;
        // Discord hides a file whose name starts with SPOILER_ behind a click.
        if (a.filename.starts_with("SPOILER_")) out.spoiler = true;
    }

    void sticker(const DiscordSticker& s, std::string& body) {
        if (files_apart && sticker_file(s)) return;
        if (auto url = sticker_url(s)) {
            add_line(body, *url);
            if (!out.oob_url) out.oob_url = *url;
        } else {
            add_line(body, "[sticker: " + s.name + "]");
        }
    }

    void embed(const DiscordEmbed& e, std::string_view content, std::string& body) {
        if (!shows(e, content)) return;
        std::string block;
        if (e.author) add_line(block, *e.author);
        if (e.title && e.url) {
            add_line(block, "*" + *e.title + "* (" + *e.url + ")");
        } else if (e.title) {
            add_line(block, "*" + *e.title + "*");
        } else if (e.url) {
            add_line(block, *e.url);
        }
        if (e.description) add_line(block, text(*e.description));
        for (const auto& f : e.fields_list.value_or(std::vector<DiscordEmbedField>{})) {
            const std::string value = text(f.value);
            const bool multiline = value.find('\n') != std::string::npos;
            add_line(block, "*" + f.name + "*" + (multiline ? "\n" : ": ") + value);
        }
        const std::optional<std::string>& image = shown_image(e);
        if (image && !(files_apart && embed_image_file(e, content))) {
            add_line(block, *image);
            if (!out.oob_url) out.oob_url = *image;
        }
        if (e.footer) add_line(block, *e.footer);
        add_line(body, block);
    }

    void poll(const DiscordPoll& p, std::string& body) {
        std::string block = p.finalized.value_or(false) ? "📊 Poll (closed): " : "📊 Poll: ";
        block += p.question;
        for (const auto& a : p.answers) {
            std::string line = "• ";
            if (a.emoji) line += *a.emoji + " ";
            line += a.text;
            if (a.count)
                line += ": " + std::to_string(*a.count) + (*a.count == 1 ? " vote" : " votes");
            add_line(block, line);
        }
        add_line(body, block);
    }

    void forwarded(const DiscordForwarded& f, std::string& body) {
        std::string block = "↱ Forwarded:";
        const StyledText s = styled(session, guild_id, f.content);
        if (s.spoiler) out.spoiler = true;
        if (!s.body.empty()) add_line(block, quoted(s.body));
        if (!files_apart) {
            for (const auto& a : f.attachments) file(a, block);
        }
        for (const auto& st : f.sticker_items.value_or(std::vector<DiscordSticker>{})) {
            sticker(st, block);
        }
        for (const auto& e : f.embeds.value_or(std::vector<DiscordEmbed>{})) {
            embed(e, f.content, block);
        }
        add_line(body, block);
    }

    std::string text(std::string_view t) {
        StyledText s = styled(session, guild_id, t);
        if (s.spoiler) out.spoiler = true;
        return std::move(s.body);
    }
};

std::optional<std::string> embed_field(const DiscordEmbed& e, std::string_view name) {
    for (const auto& f : e.fields_list.value_or(std::vector<DiscordEmbedField>{})) {
        if (f.name == name) return f.value;
    }
    return std::nullopt;
}

// Type 46: Discord posts the result as an embed of type poll_result whose fields name the
// question and the winner (discord-api-docs, Poll Resource "Poll Results").
std::string poll_result_line(const MessageParts& parts) {
    std::optional<std::string> question, winner, votes, total;
    for (const auto& e : parts.embeds ? *parts.embeds : std::vector<DiscordEmbed>{}) {
        if (e.type != "poll_result") continue;
        question = embed_field(e, "poll_question_text");
        winner = embed_field(e, "victor_answer_text");
        votes = embed_field(e, "victor_answer_votes");
        total = embed_field(e, "total_votes");
    }
    std::string line = "📊 The poll";
    if (question) line += " \"" + *question + "\"";
    line += " has closed";
    if (winner) {
        line += ": \"" + *winner + "\" won";
        if (votes) line += " with " + *votes + (*votes == "1" ? " vote" : " votes");
        if (total) line += " of " + *total;
    }
    return line + ".";
}

std::string mentioned_name(const Session& session, std::optional<Snowflake> guild_id,
                           const MessageParts& parts) {
    if (!parts.mentions || parts.mentions->empty()) return "someone";
    return user_display_name(session, guild_id, parts.mentions->front()).value_or("someone");
}

}  // namespace

MessageParts parts_of(const DiscordMessageCreate& msg) {
    MessageParts p;
    p.type = msg.message_type.value_or(0);
    p.content = msg.content;
    p.attachments = &msg.attachments;
    p.embeds = msg.embeds ? &*msg.embeds : nullptr;
    p.stickers = msg.sticker_items ? &*msg.sticker_items : nullptr;
    p.poll = msg.poll ? &*msg.poll : nullptr;
    p.forwarded = msg.forwarded ? &*msg.forwarded : nullptr;
    p.mentions = msg.mentions ? &*msg.mentions : nullptr;
    p.author_id = msg.author.id;
    p.author_name = msg.member_nick ? *msg.member_nick : msg.author.display_name();
    return p;
}

MessageParts parts_of(const DiscordMessageUpdate& upd) {
    MessageParts p;
    p.type = upd.message_type.value_or(0);
    p.content = upd.content ? std::string_view(*upd.content) : std::string_view{};
    p.attachments = &upd.attachments;
    p.embeds = upd.embeds ? &*upd.embeds : nullptr;
    p.stickers = upd.sticker_items ? &*upd.sticker_items : nullptr;
    p.poll = upd.poll ? &*upd.poll : nullptr;
    p.forwarded = upd.forwarded ? &*upd.forwarded : nullptr;
    if (upd.author) {
        p.author_id = upd.author->id;
        p.author_name = upd.author->display_name();
    }
    return p;
}

std::optional<std::string> sticker_url(const DiscordSticker& sticker) {
    const std::string id = sticker.id.str();
    switch (sticker.format_type) {
        case DiscordSticker::kPng:
        case DiscordSticker::kApng:
            return "https://cdn.discordapp.com/stickers/" + id + ".png";
        case DiscordSticker::kGif:
            return "https://media.discordapp.net/stickers/" + id + ".gif";
        default:
            return std::nullopt;
    }
}

std::optional<std::string> system_line(const Session& session, std::optional<Snowflake> guild_id,
                                       const MessageParts& parts) {
    if (is_normal(parts.type)) return std::nullopt;
    std::string a = parts.author_name;
    if (parts.author_id) {
        if (auto known = user_display_name(session, guild_id, *parts.author_id)) a = *known;
    }
    if (a.empty()) a = "Someone";
    const std::string content(parts.content);
    switch (parts.type) {
        case 1:
            return a + " added " + mentioned_name(session, guild_id, parts) + " to the group.";
        case 2: {
            const bool self = parts.mentions && !parts.mentions->empty() && parts.author_id &&
                              parts.mentions->front() == *parts.author_id;
            if (self) return a + " left the group.";
            return a + " removed " + mentioned_name(session, guild_id, parts) + " from the group.";
        }
        case 3:
            return a + " started a call.";
        case 4:
            return a + " changed the channel name: " + content;
        case 5:
            return a + " changed the channel icon.";
        case 6:
            return a + " pinned a message to this channel.";
        case 7:
            return a + " joined the server.";
        case 8: {
            int times = 0;
            std::from_chars(content.data(), content.data() + content.size(), times);
            if (times > 1) return a + " boosted the server " + std::to_string(times) + " times!";
            return a + " boosted the server!";
        }
        case 9:
        case 10:
        case 11:
            return a + " boosted the server! It has reached Level " +
                   std::to_string(parts.type - 8) + "!";
        case 12:
            return a + " added " + content + " to this channel.";
        case 18:
            return a + " started a thread: " + content;
        case 21:
            return "The thread starts from a message of the channel.";
        case 24:
            return "AutoMod blocked a message of " + a + ".";
        case 25:
            return a + " joined as a subscriber.";
        case 27:
            return a + " started the stage: " + content;
        case 28:
            return a + " ended the stage: " + content;
        case 29:
            return a + " is now a speaker.";
        case 31:
            return a + " changed the stage topic: " + content;
        case 46:
            return poll_result_line(parts);
        default:
            break;
    }
    if (!content.empty()) return std::nullopt;  // an unknown kind with text: the text shows
    return "[" + a + ": a Discord system message (type " + std::to_string(parts.type) +
           ") this gateway does not show]";
}

std::vector<MessageFile> files_of(const MessageParts& parts) {
    std::vector<MessageFile> out;
    add_files(out, parts.content, parts.attachments, parts.stickers, parts.embeds);
    if (parts.forwarded) {
        for (const auto& f : *parts.forwarded)
            add_files(out, f.content, &f.attachments, list(f.sticker_items), list(f.embeds));
    }
    return out;
}

RenderedMessage render_message(const Session& session, std::optional<Snowflake> guild_id,
                               const MessageParts& parts) {
    Collector c{session, guild_id, parts.files_apart, {}};
    std::string body;
    if (auto line = system_line(session, guild_id, parts)) {
        body = std::move(*line);
    } else {
        body = c.text(parts.content);
    }
    if (parts.attachments && !parts.files_apart) {
        for (const auto& a : *parts.attachments) c.file(a, body);
    }
    if (parts.stickers) {
        for (const auto& s : *parts.stickers) c.sticker(s, body);
    }
    if (parts.embeds) {
        for (const auto& e : *parts.embeds) c.embed(e, parts.content, body);
    }
    if (parts.poll) c.poll(*parts.poll, body);
    if (parts.forwarded) {
        for (const auto& f : *parts.forwarded) c.forwarded(f, body);
    }
    c.out.body = std::move(body);
    return std::move(c.out);
}

}  // namespace cordgate::core
