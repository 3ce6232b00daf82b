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
    // A snowflake is its own localpart; skip the check on the hot path.
    std::string jid = user.str();
    jid.reserve(jid.size() + 1 + session.gateway.size());
    jid += '@';
    jid += session.gateway;
    return jid;
}

// The Discord user (or channel) behind a JID on this session's gateway; nullopt when the JID
// is not on this gateway or its localpart is not the canonical spelling of an id.
inline std::optional<Snowflake> puppet_user(const Session& session, std::string_view jid_text) {
    auto jid = Jid::parse(jid_text);
    if (!jid || jid->domain != session.gateway) return std::nullopt;
    return Snowflake::from_localpart(jid->local);
}

inline std::string bare_jid(std::string_view jid_text) {
    auto jid = Jid::parse(jid_text);
    return jid ? jid->bare() : std::string();
}

}  // namespace cordgate::core
