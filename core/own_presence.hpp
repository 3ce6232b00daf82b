#pragma once
// The user's own Discord status follows their XMPP presence: the most present of their
// clients decides (online beats dnd beats away). With no client online the status is "offline",
// which the Discord adapter turns into the operator's choice (invisible by default); `afk` is
// set whenever nobody is at an XMPP client, so Discord keeps pushing notifications to the phone.

#include <core/apply_context.hpp>
#include <core/state.hpp>

#include <optional>
#include <string>

namespace cordgate::core::own_presence {

// After session.online_resources changed, or when Discord is ready: tells Discord the status
// if it differs from the last one set. status_text becomes the custom status.
void update(ApplyContext& ctx, Session& session, const std::optional<std::string>& status_text);

// away and xa -> idle, dnd -> dnd, anything else available -> online; none -> offline.
std::string discord_status_for(const std::map<std::string, std::string>& online_resources);

}  // namespace cordgate::core::own_presence
