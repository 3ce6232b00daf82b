#pragma once
// From XMPP to the core: one received stanza becomes at most one event, an immediate reply, or
// a logged drop. Pure: no clock, no I/O; the caller stamps origin, sequence and time.

#include <adapters/xmpp/element.hpp>
#include <common/sealed_box.hpp>
#include <core/event.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::adapters::xmpp {

struct InboundContext {
    std::string gateway;  // the component's JID, e.g. discord.localhost
    // Whose stanzas are read at all (Config::allowed_domains): lower case, bare domains.
    std::vector<std::string> allowed_domains;
    std::size_t max_body_bytes = 64 * 1024;
    common::PublicKey discord_key{};  // registrations are sealed to it
    std::vector<std::string> admins;  // bare JIDs, lower case (Config::admins)

    bool is_admin(const std::string& bare_jid) const {
        return std::find(admins.begin(), admins.end(), bare_jid) != admins.end();
    }
};

struct Inbound {
    std::string user;  // partition key for the event: bare JID of the sender, "" for the server
    std::optional<core::EventPayload> event;
    std::optional<Element> reply;  // sent straight back (static answer or error)
    // An administrator's command the adapter answers itself from the core's control endpoint
    // (the status: runtime data, not the log's), checked like any other command.
    std::optional<core::XmppCommand> status_command;
    std::string note;  // what happened, for the log; never holds stanza content
};

// May wipe secrets it consumed out of `stanza` (the registration token), hence non-const.
Inbound translate(Element& stanza, const InboundContext& ctx);

}  // namespace cordgate::adapters::xmpp
