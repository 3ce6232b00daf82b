#include <adapters/discord/activities.hpp>
#include <adapters/discord/hot_dispatch.hpp>
#include <adapters/discord/json_cursor.hpp>

#include <string>
#include <utility>

// Each reader below mirrors one of json_read.hpp's or translate.cpp's, and must agree with it:
// a field null or absent is absent, a required one missing declines (the DOM path then says
// "missing"), and whatever the DOM reader would throw on declines too. Every known key is taken
// once: RapidJSON's FindMember reads the first of two, and declining a repeat is simpler than
// matching that.

namespace cordgate::adapters::discord {
namespace {

using core::Snowflake;

// The keys of one object seen so far, a bit each.
class Seen {
  public:
    bool first(unsigned bit) {
        if (bits_ & bit) return false;
        bits_ |= bit;
        return true;
    }
    bool has(unsigned bit) const { return (bits_ & bit) != 0; }

  private:
    unsigned bits_ = 0;
};

bool read_opt_snowflake(JsonCursor& c, std::optional<Snowflake>& out) {
    if (c.null()) return true;
    Snowflake s;
    if (!c.snowflake(s)) return false;
    out = s;
    return true;
}

bool read_opt_integer(JsonCursor& c, std::optional<std::int64_t>& out) {
    if (c.null()) return true;
    std::int64_t n = 0;
    if (!c.integer(n)) return false;
    out = n;
    return true;
}

bool read_opt_string(JsonCursor& c, std::optional<std::string>& out) {
    if (c.null()) return true;
    std::string s;
    if (!c.string(s)) return false;
    out = std::move(s);
    return true;
}

// json_read.hpp's user(): id and username required.
bool read_user(JsonCursor& c, core::DiscordUser& u) {
    enum : unsigned { kId = 1, kUsername = 2, kGlobalName = 4, kAvatar = 8, kBot = 16 };
    Seen seen;
    const bool ok = c.object([&](std::string_view k) {
        if (k == "id") return seen.first(kId) && c.snowflake(u.id);
        if (k == "username") return seen.first(kUsername) && c.string(u.username);
        if (k == "global_name") return seen.first(kGlobalName) && read_opt_string(c, u.global_name);
        if (k == "avatar") return seen.first(kAvatar) && read_opt_string(c, u.avatar);
        if (k == "bot") return seen.first(kBot) && (c.null() || c.boolean(u.bot));
        return c.skip_value();
    });
    return ok && seen.has(kId) && seen.has(kUsername);
}

enum class OtherKeys { skip, decline };

// An object's `id`; the rest skipped (a member's user), or declined where another key means
// more to read than the hot path keeps (a presence's user carrying a changed profile, which
// the DOM path reads whole).
bool read_id_of(JsonCursor& c, std::optional<Snowflake>& id, OtherKeys others = OtherKeys::skip) {
    Seen seen;
    return c.object([&](std::string_view k) {
        if (k == "id") return seen.first(1) && read_opt_snowflake(c, id);
        return others == OtherKeys::skip && c.skip_value();
    });
}

bool read_attachment(JsonCursor& c, core::DiscordAttachment& a) {
    enum : unsigned { kId = 1, kFilename = 2, kUrl = 4, kContentType = 8, kSize = 16 };
    Seen seen;
    const bool ok = c.object([&](std::string_view k) {
        if (k == "id") return seen.first(kId) && c.snowflake(a.id);
        if (k == "filename") return seen.first(kFilename) && c.string(a.filename);
        if (k == "url") return seen.first(kUrl) && c.string(a.url);
        if (k == "content_type")
            return seen.first(kContentType) && read_opt_string(c, a.content_type);
        if (k == "size") {
            std::optional<std::int64_t> size;
            if (!seen.first(kSize) || !read_opt_integer(c, size)) return false;
            const std::int64_t n = size.value_or(0);
            a.size = n < 0 ? 0 : static_cast<std::uint64_t>(n);
            return true;
        }
        return c.skip_value();
    });
    return ok && seen.has(kId) && seen.has(kFilename) && seen.has(kUrl);
}

// An array of `read_item`s; null is none.
template <class T, class ReadItem>
bool read_array(JsonCursor& c, std::vector<T>& out, ReadItem read_item) {
    if (c.null()) return true;
    return c.array([&] { return read_item(c, out.emplace_back()); });
}

bool read_nonce(JsonCursor& c, std::optional<std::string>& out) {
    if (c.null()) return true;
    std::string text;
    if (c.string(text)) {
        out = std::move(text);
        return true;
    }
    std::int64_t n = 0;
    if (!c.integer(n)) return false;  // another type is dropped by the DOM path: decline
    out = std::to_string(n);
    return true;
}

// A rich part the DOM path reads (rich_read.hpp): null or empty is none; anything else declines,
// so embeds, stickers, polls and forwards stay off this path.
bool read_none(JsonCursor& c) {
    if (c.null()) return true;
    return c.array([] { return false; });
}

bool read_message(JsonCursor& c, core::DiscordMessageCreate& m) {
    enum : unsigned {
        kId = 1 << 0,
        kChannel = 1 << 1,
        kGuild = 1 << 2,
        kAuthor = 1 << 3,
        kContent = 1 << 4,
        kTimestamp = 1 << 5,
        kNonce = 1 << 6,
        kReference = 1 << 7,
        kAttachments = 1 << 8,
        kMember = 1 << 9,
        kMentions = 1 << 10,
        kType = 1 << 11,
        kEmbeds = 1 << 12,
        kStickers = 1 << 13,
        kPoll = 1 << 14,
        kSnapshots = 1 << 15,
    };
    Seen seen;
    const bool ok = c.object([&](std::string_view k) {
        if (k == "id") return seen.first(kId) && c.snowflake(m.id);
        if (k == "channel_id") return seen.first(kChannel) && c.snowflake(m.channel_id);
        if (k == "guild_id") return seen.first(kGuild) && read_opt_snowflake(c, m.guild_id);
        if (k == "author") return seen.first(kAuthor) && read_user(c, m.author);
        if (k == "content") return seen.first(kContent) && (c.null() || c.string(m.content));
        if (k == "timestamp") return seen.first(kTimestamp) && c.string(m.timestamp);
        if (k == "nonce") return seen.first(kNonce) && read_nonce(c, m.nonce);
        if (k == "attachments")
            return seen.first(kAttachments) && read_array(c, m.attachments, read_attachment);
        if (k == "type") {
            std::optional<std::int64_t> type;
            if (!seen.first(kType) || !read_opt_integer(c, type)) return false;
            if (type && *type != 0) m.message_type = static_cast<int>(*type);
            return true;
        }
        if (k == "embeds") return seen.first(kEmbeds) && read_none(c);
        if (k == "sticker_items") return seen.first(kStickers) && read_none(c);
        if (k == "message_snapshots") return seen.first(kSnapshots) && read_none(c);
        if (k == "poll") return seen.first(kPoll) && c.null();
        if (k == "message_reference") {
            if (!seen.first(kReference)) return false;
            if (c.null()) return true;
            Seen ref_seen;
            return c.object([&](std::string_view rk) {
                if (rk == "message_id")
                    return ref_seen.first(1) && read_opt_snowflake(c, m.referenced_message_id);
                if (rk == "type") {  // 1 is a forward, which the DOM path reads
                    std::optional<std::int64_t> type;
                    return ref_seen.first(2) && read_opt_integer(c, type) && type.value_or(0) == 0;
                }
                return c.skip_value();
            });
        }
        if (k == "member") {
            if (!seen.first(kMember)) return false;
            if (c.null()) return true;
            Seen member_seen;
            return c.object([&](std::string_view mk) {
                if (mk == "nick") return member_seen.first(1) && read_opt_string(c, m.member_nick);
                return c.skip_value();
            });
        }
        if (k == "mentions") {
            if (!seen.first(kMentions)) return false;
            if (c.null()) return true;
            std::vector<Snowflake>& ids = m.mentions.emplace();
            return c.array([&] {
                core::DiscordUser u;
                if (!read_user(c, u)) return false;
                ids.push_back(u.id);
                return true;
            });
        }
        return c.skip_value();
    });
    return ok && seen.has(kId) && seen.has(kChannel) && seen.has(kAuthor) && seen.has(kTimestamp);
}

bool read_typing(JsonCursor& c, core::DiscordTypingStart& t) {
    enum : unsigned { kUser = 1, kChannel = 2, kGuild = 4, kTimestamp = 8, kMember = 16 };
    Seen seen;
    std::optional<Snowflake> user_id;
    std::optional<Snowflake> member_user_id;  // guild typing may carry only the member's user
    const bool ok = c.object([&](std::string_view k) {
        if (k == "user_id") return seen.first(kUser) && read_opt_snowflake(c, user_id);
        if (k == "channel_id") return seen.first(kChannel) && c.snowflake(t.channel_id);
        if (k == "guild_id") return seen.first(kGuild) && read_opt_snowflake(c, t.guild_id);
        if (k == "timestamp") {
            // translate.cpp's typing_timestamp(): absent or null is 0, negative is 0; a float
            // or a string declines, for the DOM path to read.
            if (!seen.first(kTimestamp)) return false;
            if (c.null()) return true;
            if (!c.integer(t.timestamp)) return false;
            if (t.timestamp < 0) t.timestamp = 0;
            return true;
        }
        if (k == "member") {
            if (!seen.first(kMember)) return false;
            if (c.null()) return true;
            Seen member_seen;
            return c.object([&](std::string_view mk) {
                if (mk == "user") return member_seen.first(1) && read_id_of(c, member_user_id);
                return c.skip_value();
            });
        }
        return c.skip_value();
    });
    if (!ok || !seen.has(kChannel)) return false;
    if (!user_id) user_id = member_user_id;
    if (!user_id) return false;
    t.user_id = *user_id;
    return true;
}

// A text shown to people: another type is as good as absent (odd says it was there).
bool read_shown_text(JsonCursor& c, std::optional<std::string>& out, bool& odd) {
    if (read_opt_string(c, out)) return true;
    odd = true;
    return c.skip_value();
}

// One item of `activities`, read as json_read.cpp's presence() reads it: name, details and state
// leniently (odd_state tells the caller, since the custom status's state must be text), an odd
// type or emoji declines and the DOM path decides.
bool read_activity(JsonCursor& c, ActivityFields& a, bool& odd_state) {
    enum : unsigned { kType = 1, kState = 2, kName = 4, kDetails = 8, kEmoji = 16 };
    Seen seen;
    bool odd_other = false;
    return c.object([&](std::string_view k) {
        if (k == "type") return seen.first(kType) && read_opt_integer(c, a.type);
        if (k == "state") return seen.first(kState) && read_shown_text(c, a.state, odd_state);
        if (k == "name") return seen.first(kName) && read_shown_text(c, a.name, odd_other);
        if (k == "details") return seen.first(kDetails) && read_shown_text(c, a.details, odd_other);
        if (k == "emoji") {
            if (!seen.first(kEmoji)) return false;
            if (c.null()) return true;
            Seen emoji_seen;
            return c.object([&](std::string_view ek) {
                if (ek == "name") return emoji_seen.first(1) && read_opt_string(c, a.emoji_name);
                if (ek == "id") {
                    std::optional<Snowflake> id;
                    if (!emoji_seen.first(2) || !read_opt_snowflake(c, id)) return false;
                    a.emoji_has_id = id.has_value();
                    return true;
                }
                return c.skip_value();
            });
        }
        return c.skip_value();
    });
}

bool read_presence(JsonCursor& c, core::DiscordPresenceUpdate& p) {
    enum : unsigned { kUser = 1, kGuild = 2, kStatus = 4, kActivities = 8 };
    Seen seen;
    std::optional<Snowflake> user_id;
    std::vector<ActivityFields> activities;
    bool custom_seen = false, odd_custom = false;
    const bool ok = c.object([&](std::string_view k) {
        if (k == "user") return seen.first(kUser) && read_id_of(c, user_id, OtherKeys::decline);
        if (k == "guild_id") return seen.first(kGuild) && read_opt_snowflake(c, p.guild_id);
        if (k == "status") return seen.first(kStatus) && c.string(p.status);
        if (k == "activities") {
            if (!seen.first(kActivities)) return false;
            if (c.null()) return true;
            return c.array([&] {
                bool odd_state = false;
                ActivityFields& a = activities.emplace_back();
                if (!read_activity(c, a, odd_state)) return false;
                if (a.type == 4 && !custom_seen) {
                    custom_seen = true;
                    odd_custom = odd_state;
                }
                return true;
            });
        }
        return c.skip_value();
    });
    // The custom status's state of another type than text: the DOM path refuses the presence.
    if (!ok || odd_custom || !user_id || !seen.has(kStatus)) return false;
    p.user_id = *user_id;
    take_activities(activities, p);
    return true;
}

enum class Hot { none, message_create, typing_start, presence_update };

Hot hot_name(std::string_view name) {
    if (name == "MESSAGE_CREATE") return Hot::message_create;
    if (name == "TYPING_START") return Hot::typing_start;
    if (name == "PRESENCE_UPDATE") return Hot::presence_update;
    return Hot::none;
}

template <class Payload, class Read>
std::optional<core::EventPayload> read_as(JsonCursor& c, Read read) {
    Payload p;
    if (!read(c, p)) return std::nullopt;
    return core::EventPayload{std::move(p)};
}

std::optional<core::EventPayload> read_payload(Hot kind, JsonCursor& c) {
    switch (kind) {
        case Hot::message_create:
            return read_as<core::DiscordMessageCreate>(c, read_message);
        case Hot::typing_start:
            return read_as<core::DiscordTypingStart>(c, read_typing);
        case Hot::presence_update:
            return read_as<core::DiscordPresenceUpdate>(c, read_presence);
        case Hot::none:
            break;
    }
    return std::nullopt;
}

}  // namespace

std::optional<HotDispatch> read_hot_dispatch(std::string_view frame) {
    enum : unsigned { kOp = 1, kSeq = 2, kName = 4, kData = 8 };
    JsonCursor c(frame);
    Seen seen;
    std::int64_t op = -1;
    std::optional<std::int64_t> seq;
    std::string_view name;
    Hot kind = Hot::none;
    std::optional<core::EventPayload> payload;
    std::string_view early_d;  // a `d` before its `t`, read once the name is known
    const bool ok = c.object([&](std::string_view k) {
        if (k == "op") return seen.first(kOp) && c.integer(op) && op == 0;
        if (k == "s") return seen.first(kSeq) && read_opt_integer(c, seq);
        if (k == "t") {
            if (!seen.first(kName) || !c.plain_string(name)) return false;
            kind = hot_name(name);
            return kind != Hot::none;
        }
        if (k == "d") {
            if (!seen.first(kData)) return false;
            if (!seen.has(kName)) return c.skip_value(early_d);
            payload = read_payload(kind, c);
            return payload.has_value();
        }
        return c.skip_value();
    });
    if (!ok || !c.at_end() || !seen.has(kOp) || !seen.has(kName) || !seen.has(kData))
        return std::nullopt;
    if (!payload) {
        JsonCursor d(early_d);
        payload = read_payload(kind, d);
        if (!payload || !d.at_end()) return std::nullopt;
    }
    return HotDispatch{seq, name, std::move(*payload)};
}

}  // namespace cordgate::adapters::discord
