#pragma once
// JIDs as the core needs them, and the mapping between Discord ids and puppet JIDs.
//
// Grammar (RFC 7622, simplified to what a gateway must check):
//   jid      = [ localpart "@" ] domainpart [ "/" resourcepart ]
//   A localpart may not contain  " & ' / : < > @  or a space; XEP-0106 escapes them as \20 \22
//   \26 \27 \2f \3a \3c \3e \40 and a backslash that starts such a sequence as \5c.
//   Each part is at most 1023 bytes; localpart and domain compare case-insensitively (ASCII).
//   A domain has no empty label (".a", "a.", "a..b") and none of  @ / < > ' " &  nor space or
//   control characters; a resource has no control characters. This is the one JID parser:
//   the XMPP adapter checks every address a peer sends with it too.
//
// Puppets and rooms: `<snowflake>@<gateway domain>`, the localpart exactly as
// Snowflake::from_localpart (snowflake.hpp) accepts it. jid_username_for / legacy_id_for map any
// other legacy id (a name, a future non-numeric id) through XEP-0106 escaping; no Discord JID
// uses that.

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cordgate::core {

struct Jid {
    std::string local;
    std::string domain;
    std::string resource;

    std::string bare() const;
    std::string full() const;
    bool operator==(const Jid&) const = default;
    bool is_domain() const { return local.empty() && resource.empty(); }

    // nullopt for an empty domain, a forbidden character, an over-long part, an empty
    // localpart or resource after its separator.
    static std::optional<Jid> parse(std::string_view text);
};

// XEP-0106.
std::string escape_localpart(std::string_view legacy);
std::string unescape_localpart(std::string_view localpart);

// The user part for a legacy id: the snowflake itself when it is one, else escaped.
std::string jid_username_for(std::string_view legacy_id);

// The legacy id behind a puppet's user part. Throws JidError when the user part maps to
// nothing (empty, or it unescapes to an empty string).
std::string legacy_id_for(std::string_view jid_username);

class JidError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace cordgate::core
