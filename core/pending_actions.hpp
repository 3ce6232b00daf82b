#pragma once
// What the session remembers of the user's actions on their way to Discord, so a refusal is
// answered on the stanza that asked for it (RFC 6120 §8.3) and a captcha'd message can be sent
// again, and of messages sent in several parts (split_message.hpp).

#include <core/codec.hpp>
#include <core/effect.hpp>
#include <core/snowflake.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cordgate::core {

// The XMPP stanza a Discord effect carries out: where its error goes, and with which id.
struct ActionOrigin {
    std::string from;               // the full JID of the client that sent it
    std::string to;                 // the puppet or room JID it addressed
    std::optional<std::string> id;  // its stanza id, which the error carries back
    std::string xmpp_id;            // the id the message map knows the message by
    // For discord.send_message: what was sent, so a captcha'd message can be sent again.
    std::optional<SendDiscordMessage> send{};
    // The message asked for an XEP-0184 receipt, sent once Discord has taken it (absent: no).
    std::optional<bool> receipt{};

    static constexpr auto fields =
        std::tuple{field("from", &ActionOrigin::from), field("to", &ActionOrigin::to),
                   field("id", &ActionOrigin::id),     field("xmpp_id", &ActionOrigin::xmpp_id),
                   field("send", &ActionOrigin::send), field("receipt", &ActionOrigin::receipt)};
};

// A message (or one part of one) Discord refused with a captcha, kept so the user can send it
// again (the `retry` command, or a correction of it). origin.send is what was sent.
struct KeptMessage {
    ActionOrigin origin;
    std::uint64_t parts = 1;  // how many parts the whole message had

    static constexpr auto fields =
        std::tuple{field("origin", &KeptMessage::origin), field("parts", &KeptMessage::parts)};
};

// A message the user sent from XMPP that went to Discord as several messages.
struct SplitMessage {
    std::vector<std::string> texts;  // each part's text, as sent or last corrected
    std::vector<Snowflake> ids;      // each part's Discord id; 0 until its echo came
    std::uint64_t position = 0;      // of the event that sent it: the oldest goes first
    bool reflected = false;          // a room has shown it to the joined clients

    static constexpr auto fields = std::tuple{
        field("texts", &SplitMessage::texts), field("ids", &SplitMessage::ids),
        field("position", &SplitMessage::position), field("reflected", &SplitMessage::reflected)};

    std::string whole() const;  // the parts joined by line breaks
    bool all_echoed() const;
};

struct PendingActions {
    // Discord effect id -> the stanza it carries out. Kept until refused, or until newer ones
    // push it out: success has no event of its own for edits, deletes and reactions.
    std::map<std::uint64_t, ActionOrigin> by_effect;
    std::vector<KeptMessage> kept;  // oldest first
    std::map<std::string, SplitMessage> split_by_xmpp;
    // Sends by nonce, so the echo forgets the send (and its copy of the text) at once.
    std::map<std::string, std::uint64_t> effect_by_nonce;

    static constexpr auto fields = std::tuple{
        field("by_effect", &PendingActions::by_effect), field("kept", &PendingActions::kept),
        field("split_by_xmpp", &PendingActions::split_by_xmpp),
        field("effect_by_nonce", &PendingActions::effect_by_nonce)};

    // Effect ids grow, so the smallest key is the oldest: evicting it bounds the map.
    static constexpr std::size_t kRemembered = 256;
    // Kept messages per session: enough for a short conversation typed while Discord asked.
    static constexpr std::size_t kKept = 5;
    static constexpr std::size_t kSplitRemembered = 32;

    void remember(std::uint64_t effect_id, ActionOrigin origin);
    std::optional<ActionOrigin> take(std::uint64_t effect_id);
    // The send with this nonce was echoed: it succeeded. Returns what it carried out.
    std::optional<ActionOrigin> echoed(const std::string& nonce);
    void keep(KeptMessage message);
    void remember_split(const std::string& xmpp_id, SplitMessage split);
    SplitMessage* split(const std::string& xmpp_id);
};

}  // namespace cordgate::core
