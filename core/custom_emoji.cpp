#include <core/custom_emoji.hpp>

#include <algorithm>

namespace cordgate::core {
namespace {

bool is_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_name_char(char c) {
    return is_alnum(c) || c == '_';
}

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return lower(x) == lower(y); });
}

const UsableEmoji* find(const std::vector<UsableEmoji>& emojis, std::string_view name) {
    for (const auto& e : emojis) {
        if (e.name == name) return &e;
    }
    for (const auto& e : emojis) {
        if (same_ignoring_case(e.name, name)) return &e;
    }
    return nullptr;
}

// Discord's emoji names: 2-32 characters of letters, digits and underscores (userdoccers
// resources/emoji.mdx, "Emoji Object").
constexpr std::size_t kMinName = 2;
constexpr std::size_t kMaxName = 32;

}  // namespace

void keep_emojis(Guild& guild, const std::vector<DiscordGuildEmoji>& emojis) {
    if (emojis.empty()) {
        guild.emojis.reset();
        return;
    }
    guild.emojis.emplace();
    for (const auto& e : emojis) (*guild.emojis)[e.id] = e;
}

std::vector<UsableEmoji> usable_emojis(const Session& session, const Guild& guild) {
    std::vector<UsableEmoji> out;
    if (!guild.emojis) return out;
    const bool nitro = session.premium_type.value_or(0) > 0;
    const RoomMember* me = nullptr;
    if (session.self) {
        auto m = guild.members.find(session.self->id);
        if (m != guild.members.end()) me = &m->second;
    }
    for (const auto& [id, e] : *guild.emojis) {
        if (!e.available || e.name.empty() || (e.animated && !nitro)) continue;
        if (!e.roles.empty()) {
            bool allowed =
                me && std::any_of(e.roles.begin(), e.roles.end(), [&](Snowflake r) {
                    return std::find(me->roles.begin(), me->roles.end(), r) != me->roles.end();
                });
            if (!allowed) continue;
        }
        out.push_back(UsableEmoji{e.name, id, e.animated});
    }
    return out;
}

std::vector<TextReplacement> emoji_replacements(std::string_view body,
                                                const std::vector<UsableEmoji>& emojis,
                                                const std::vector<TextRange>& taken) {
    std::vector<TextReplacement> out;
    if (emojis.empty()) return out;
    auto clashes = [&](std::size_t begin, std::size_t end) {
        return std::any_of(taken.begin(), taken.end(),
                           [&](const TextRange& t) { return begin < t.end && t.begin < end; });
    };
    std::size_t at = body.find(':');
    while (at != std::string_view::npos) {
        std::size_t end = at + 1;
        while (end < body.size() && is_name_char(body[end])) ++end;
        const std::size_t length = end - at - 1;
        const bool named = end < body.size() && body[end] == ':' && length >= kMinName &&
                           length <= kMaxName && (at == 0 || !is_alnum(body[at - 1]));
        const UsableEmoji* e = named ? find(emojis, body.substr(at + 1, length)) : nullptr;
        if (e && !clashes(at, end + 1)) {
            out.push_back(
                {at, end + 1,
                 std::string(e->animated ? "<a:" : "<:") + e->name + ":" + e->id.str() + ">"});
            at = body.find(':', end + 1);
        } else {
            at = body.find(':', at + 1);
        }
    }
    return out;
}

}  // namespace cordgate::core
