#pragma once
// Puppet JIDs of a session: `<snowflake>@<gateway>` for Discord users.

#include <core/jid.hpp>
#include <core/snowflake.hpp>
#include <core/state.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cordgate::core {

inline std::string puppet_jid(const Session& session, Snowflake user) {
    // A snowflake is its own user part (jid_username_for); skip the check on the hot path.
    std::string jid = user.str();
    jid.reserve(jid.size() + 1 + session.gateway.size());
    jid += '@';
    jid += session.gateway;
    return jid;
}

// The Discord user behind a JID on this session's gateway; nullopt when the JID is not a
// puppet of this gateway or its user part is no snowflake.
inline std::optional<Snowflake> puppet_user(const Session& session, std::string_view jid_text) {
    auto jid = Jid::parse(jid_text);
    if (!jid || jid->domain != session.gateway || jid->local.empty()) return std::nullopt;
    try {
        return Snowflake::parse(legacy_id_for(jid->local));
    } catch (const JidError&) {
        return std::nullopt;
    }
}

inline std::string bare_jid(std::string_view jid_text) {
    auto jid = Jid::parse(jid_text);
    return jid ? jid->bare() : std::string();
}

}  // namespace cordgate::core
