#include <core/custom_emoji.hpp>
#include <core/jid.hpp>
#include <core/mentions.hpp>
#include <core/outgoing_content.hpp>
#include <core/rooms.hpp>
#include <core/url_text.hpp>
#include <core/xmpp_styling.hpp>

#include <algorithm>

namespace cordgate::core {
namespace {

// Discord nicknames and display names are at most 32 characters (of up to 4 bytes each).
constexpr std::size_t kMaxNickPrefix = 32 * 4 + 1;

// RFC 5122: the JID of an xmpp: URI, percent-decoded, without its query or fragment.
std::optional<Jid> jid_of_uri(std::string_view uri) {
    if (!uri.starts_with("xmpp:")) return std::nullopt;
    uri.remove_prefix(5);
    uri = uri.substr(0, uri.find_first_of("?#"));
    return Jid::parse(percent_decoded(uri));
}

// The room's occupants by nick: whom "@nick" and an occupant JID can name.
std::vector<Mentionable> occupants(const Session& session, const Room& room) {
    std::vector<Mentionable> out;
    const std::map<Snowflake, RoomMember>* members = &room.members;
    if (room.guild_id) {
        auto guild = session.guilds.find(*room.guild_id);
        if (guild == session.guilds.end()) return out;
        members = &guild->second.members;
    }
    for (const auto& [id, m] : *members) {
        if (room.guild_id && !rooms::is_occupant(session, room, id)) continue;
        out.push_back(Mentionable{m.nick, id});
    }
    return out;
}

// Whom an XEP-0372 mention names: a puppet (<id>@gateway) anywhere, or an occupant
// (room@gateway/nick) of the room written in.
std::optional<Snowflake> mentioned(const Session& session, const Room* room,
                                   const std::vector<Mentionable>& people,
                                   const XmppReference& ref) {
    if (ref.type != "mention") return std::nullopt;
    auto jid = jid_of_uri(ref.uri);
    if (!jid || jid->domain != session.gateway) return std::nullopt;
    auto id = Snowflake::from_localpart(jid->local);
    if (!id) return std::nullopt;
    if (jid->resource.empty()) {
        if (session.rooms.count(*id)) return std::nullopt;  // a room, not a person
        return id;
    }
    if (!room || room->id != *id) return std::nullopt;
    for (const auto& p : people) {
        if (p.nick == jid->resource) return p.id;
    }
    return std::nullopt;
}

}  // namespace

std::string discord_content(const Session& session, const Room* room, std::string_view body,
                            const std::vector<XmppReference>& references, std::size_t skip) {
    skip = std::min(skip, body.size());
    const std::string_view text = body.substr(skip);
    // Listing a big guild's occupants costs more than the rest: only when someone may be named
    // (an '@', a reference, or "nick:" within a nick's length of the start).
    const bool may_name = text.find('@') != std::string_view::npos || !references.empty() ||
                          text.substr(0, kMaxNickPrefix).find(':') != std::string_view::npos;
    const std::vector<Mentionable> people =
        room && may_name ? occupants(session, *room) : std::vector<Mentionable>{};
    std::vector<MarkedMention> marked;
    for (const auto& ref : references) {
        if (!ref.begin || !ref.end) continue;
        auto id = mentioned(session, room, people, ref);
        auto bytes = id ? reference_bytes(body, *ref.begin, *ref.end) : std::nullopt;
        if (!bytes || bytes->begin < skip) continue;
        marked.push_back(MarkedMention{bytes->begin - skip, bytes->end - skip, *id});
    }
    const std::vector<TextRange> verbatim = verbatim_ranges(text);
    std::vector<TextReplacement> replacements =
        mention_replacements(text, marked, people, verbatim);
    if (room && room->guild_id && text.find(':') != std::string_view::npos) {
        auto guild = session.guilds.find(*room->guild_id);
        if (guild != session.guilds.end()) {
            std::vector<TextRange> taken = verbatim;
            for (const auto& r : replacements) taken.push_back({r.begin, r.end});
            for (auto& e : emoji_replacements(text, usable_emojis(session, guild->second), taken))
                replacements.push_back(std::move(e));
        }
    }
    return xmpp_styling_to_discord(text, std::move(replacements));
}

}  // namespace cordgate::core
