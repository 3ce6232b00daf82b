#include <core/content.hpp>

#include <charconv>

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

std::optional<std::string> role_name(const Session& session, std::optional<Snowflake> guild_id,
                                     Snowflake id) {
    if (!guild_id) return std::nullopt;
    auto g = session.guilds.find(*guild_id);
    if (g == session.guilds.end()) return std::nullopt;
    auto r = g->second.roles.find(id);
    if (r == g->second.roles.end()) return std::nullopt;
    return r->second.name;
}

// <t:unix> and <t:unix:style> (discord-api-docs, Reference "Message Formatting").
std::optional<std::string> render_timestamp(std::string_view token) {
    token.remove_prefix(2);
    const std::size_t colon = token.find(':');
    const std::string_view number = token.substr(0, colon);
    std::int64_t seconds = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), seconds);
    if (ec != std::errc() || end != number.data() + number.size()) return std::nullopt;
    char style = 'f';
    if (colon != std::string_view::npos) {
        const std::string_view rest = token.substr(colon + 1);
        if (rest.size() != 1) return std::nullopt;
        style = rest.front();
    }
    return format_discord_timestamp(seconds, style);
}

// The replacement for one <...> token, or nullopt to keep it as it is.
std::optional<std::string> render_token(const Session& session, std::optional<Snowflake> guild_id,
                                        std::string_view token) {
    if (token.starts_with("t:")) return render_timestamp(token);
    if (token.starts_with("@&")) {
        auto id = Snowflake::parse(token.substr(2));
        if (!id) return std::nullopt;
        auto name = role_name(session, guild_id, *id);
        return name ? std::optional("@" + *name) : std::nullopt;
    }
    if (token.starts_with("/")) {  // </name:id>: a slash command
        auto colon = token.rfind(':');
        if (colon == std::string_view::npos || !Snowflake::parse(token.substr(colon + 1)))
            return std::nullopt;
        return std::string(token.substr(0, colon));
    }
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

// Days since 1970-01-01 -> civil date (H. Hinnant's civil_from_days, proleptic Gregorian).
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
}

std::string padded(std::int64_t n, std::size_t width) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
    return n < 0 ? "-" + digits : digits;
}

}  // namespace

std::string format_discord_timestamp(std::int64_t unix_seconds, char style) {
    std::int64_t days = unix_seconds / 86400;
    std::int64_t secs = unix_seconds % 86400;
    if (secs < 0) {
        secs += 86400;
        --days;
    }
    std::int64_t y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(days, y, m, d);
    const auto hh = static_cast<int>(secs / 3600), mm = static_cast<int>(secs / 60 % 60),
               ss = static_cast<int>(secs % 60);
    const std::string date = padded(y, 4) + "-" + padded(m, 2) + "-" + padded(d, 2);
    const std::string hm = padded(hh, 2) + ":" + padded(mm, 2);
    switch (style) {
        case 't':
            return hm + " UTC";
        case 'T':
            return hm + ":" + padded(ss, 2) + " UTC";
        case 'd':
        case 'D':
            return date;
        default:  // f, F, and R: relative needs a clock, so it is the date and time too
            return date + " " + hm + " UTC";
    }
}

std::optional<std::string> user_display_name(const Session& session,
                                             std::optional<Snowflake> guild_id, Snowflake id) {
    return user_name(session, guild_id, id);
}

std::optional<std::string> render_discord_token(const Session& session,
                                                std::optional<Snowflake> guild_id,
                                                std::string_view token) {
    return render_token(session, guild_id, token);
}

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
