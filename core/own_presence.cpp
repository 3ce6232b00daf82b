#include <core/own_presence.hpp>

namespace cordgate::core::own_presence {

std::string discord_status_for(const std::map<std::string, std::string>& online_resources) {
    if (online_resources.empty()) return "offline";
    bool dnd = false;
    for (const auto& [jid, show] : online_resources) {
        if (show.empty() || show == "chat") return "online";
        if (show == "dnd") dnd = true;
    }
    return dnd ? "dnd" : "idle";
}

void update(ApplyContext& ctx, Session& session, const std::optional<std::string>& status_text) {
    // Without a Discord session the status has nowhere to go; READY sends it.
    if (session.login_state != "ready") return;
    std::string status = discord_status_for(session.online_resources);
    std::optional<std::string> text = session.online_resources.empty() ? std::nullopt : status_text;
    // Someone is at a client that is online, chatty or busy; away and xa are not there.
    const bool afk = status == "offline" || status == "idle";
    std::string key = status + "\n" + text.value_or("");
    if (session.discord_status == key) return;
    session.discord_status = key;
    ctx.emit(SetDiscordPresence{status, text, afk});
}

}  // namespace cordgate::core::own_presence
