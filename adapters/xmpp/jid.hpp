#pragma once
// A JID as the gateway accepts it (RFC 7622, without stringprep, which the server already did):
//
//   [ localpart "@" ] domainpart [ "/" resourcepart ]
//
//   localpart     1..1023 bytes, none of  " & ' / : < > @  nor space or control characters
//   domainpart    1..1023 bytes, none of  @ /  nor space or control characters, no empty label
//   resourcepart  1..1023 bytes, no control characters
//
// Puppets are <snowflake>@<gateway>, rooms <channel snowflake>@<gateway>, and the gateway
// itself is the bare domain.

#include <optional>
#include <string>
#include <string_view>

namespace cordgate::adapters::xmpp {

struct Jid {
    std::string local;
    std::string domain;
    std::string resource;

    static std::optional<Jid> parse(std::string_view text);

    std::string bare() const;
    std::string full() const;
    bool is_domain() const { return local.empty() && resource.empty(); }
};

}  // namespace cordgate::adapters::xmpp
