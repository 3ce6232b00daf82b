#include <core/content.hpp>

namespace cordgate::core {
namespace {

std::optional<std::string> user_name(const Session& session, std::optional<Snowflake> guild_id,
                                     Snowflake id) {
    if (session.self && session.self->id == id) return session.self->display_name();
    if (guild_id) {
        auto g = session.guilds.find(*guild_id);
        if (g != session.guilds.end()) {
            auto m = g->second.members.find(id);
            if (m != g->second.members.end()) return m->second.nick;
        }
    }
    auto c = session.contacts.find(id);
    if (c != session.contacts.end()) return c->second.roster_name();
    for (const auto& [room_id, room] : session.rooms) {
        auto m = room.members.find(id);
        if (m != room.members.end()) return m->second.nick;
    }
    return std::nullopt;
}

std::optional<std::string> channel_name(const Session& session, Snowflake id) {
    auto room = session.rooms.find(id);
    if (room == session.rooms.end()) return std::nullopt;
    auto hash = room->second.name.rfind('#');
    return hash == std::string::npos ? room->second.name : room->second.name.substr(hash + 1);
}

// The replacement for one <...> token, or nullopt to keep it as it is.
std::optional<std::string> render_token(const Session& session, std::optional<Snowflake> guild_id,
                                        std::string_view token) {
    if (token.starts_with("@!")) token.remove_prefix(1);
    if (token.starts_with("@") && token.size() > 1) {
        auto id = Snowflake::parse(token.substr(1));
        if (!id) return std::nullopt;
        auto name = user_name(session, guild_id, *id);
        return name ? std::optional("@" + *name) : std::nullopt;
    }
    if (token.starts_with("#")) {
        auto id = Snowflake::parse(token.substr(1));
        if (!id) return std::nullopt;
        auto name = channel_name(session, *id);
        return name ? std::optional("#" + *name) : std::nullopt;
    }
    if (token.starts_with("a:")) token.remove_prefix(1);
    if (token.starts_with(":")) {
        auto colon = token.find(':', 1);
        if (colon == std::string_view::npos || !Snowflake::parse(token.substr(colon + 1))) {
            return std::nullopt;
        }
        return std::string(token.substr(0, colon + 1));
    }
    return std::nullopt;
}

}  // namespace

std::string render_mentions(const Session& session, std::optional<Snowflake> guild_id,
                            std::string_view content) {
    std::string out;
    out.reserve(content.size());
    std::size_t i = 0;
    while (i < content.size()) {
        std::size_t open = content.find('<', i);
        if (open == std::string_view::npos) break;
        std::size_t close = content.find('>', open + 1);
        if (close == std::string_view::npos) break;
        out.append(content.substr(i, open - i));
        auto token = content.substr(open + 1, close - open - 1);
        auto replaced = render_token(session, guild_id, token);
        if (replaced) {
            out += *replaced;
        } else {
            out.append(content.substr(open, close - open + 1));
        }
        i = close + 1;
    }
    out.append(content.substr(i));
    return out;
}

std::string message_text(const Session& session, std::optional<Snowflake> guild_id,
                         std::string_view content,
                         const std::vector<DiscordAttachment>& attachments) {
    std::string body = render_mentions(session, guild_id, content);
    for (const auto& attachment : attachments) {
        if (!body.empty()) body += '\n';
        body += attachment.url;
    }
    return body;
}

std::string strip_reply_fallback(std::string_view body) {
    std::size_t pos = 0;
    while (pos < body.size() && body.substr(pos).starts_with(">")) {
        std::size_t eol = body.find('\n', pos);
        if (eol == std::string_view::npos) return std::string(body);  // all quote: keep it
        pos = eol + 1;
    }
    if (pos == 0) return std::string(body);
    if (body.substr(pos).starts_with("\n")) ++pos;
    return std::string(body.substr(pos));
}

std::string reaction_for_xmpp(std::string_view rest_form) {
    auto colon = rest_form.find(':');
    if (colon == std::string_view::npos) return std::string(rest_form);
    return ":" + std::string(rest_form.substr(0, colon)) + ":";
}

}  // namespace cordgate::core
