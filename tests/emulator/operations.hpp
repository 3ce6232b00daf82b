#pragma once
// Things that change the world and must be announced on the gateway. Both the REST router
// (a client acting) and the control API (a test acting as anyone) go through here, so the
// stored state and the dispatches never disagree.

#include <tests/emulator/gateway.hpp>
#include <tests/emulator/world.hpp>

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>

namespace cordgate::tests::emulator {

// A Discord API error: HTTP status, JSON error code and message (e.g. 404, 10003).
struct ApiError : std::runtime_error {
    ApiError(int status_, int code_, const std::string& message)
        : std::runtime_error(message), status(status_), code(code_) {}
    int status;
    int code;
};

struct NewMessage {
    std::uint64_t channel_id = 0;
    std::uint64_t author_id = 0;
    std::string content;
    std::vector<Attachment> attachments;
    std::optional<MessageReference> reference;
    std::string nonce;
    bool enforce_nonce = false;
    std::uint64_t now_ms = 0;  // steady clock: when an enforced nonce was first seen
    // From the control API only: a system message's type, and rich parts as raw JSON.
    int type = 0;
    std::map<std::string, std::string> extra;
};

struct Emoji {
    std::string name;
    std::uint64_t id = 0;
};
// `👍` or `name:id` (custom emoji), already percent-decoded.
Emoji parse_emoji(const std::string& text);
// The users a message's content mentions (<@id>, <@!id>), each once, in order.
std::vector<std::uint64_t> user_mentions(std::string_view content);

class Operations {
  public:
    Operations(World& world, Gateway& gateway) : world_(world), gateway_(gateway) {}

    // Returns the message and whether it was new (false = an enforced nonce repeated).
    std::pair<const Message*, bool> create_message(NewMessage m);
    const Message& edit_message(std::uint64_t channel_id, std::uint64_t message_id,
                                std::uint64_t editor, const std::optional<std::string>& content);
    void delete_message(std::uint64_t channel_id, std::uint64_t message_id);
    // What a moderator's "bulk delete" does: one MESSAGE_DELETE_BULK for them all.
    void delete_messages(std::uint64_t channel_id, const std::vector<std::uint64_t>& message_ids);
    // A moderator removes every reaction of a message (MESSAGE_REACTION_REMOVE_ALL) or every
    // reaction with one emoji (MESSAGE_REACTION_REMOVE_EMOJI).
    void clear_reactions(std::uint64_t channel_id, std::uint64_t message_id,
                         const std::optional<Emoji>& only);
    void add_reaction(std::uint64_t channel_id, std::uint64_t message_id, std::uint64_t user_id,
                      const Emoji& emoji);
    void remove_reaction(std::uint64_t channel_id, std::uint64_t message_id, std::uint64_t user_id,
                         const Emoji& emoji);
    void typing(std::uint64_t channel_id, std::uint64_t user_id, std::uint64_t unix_seconds);
    // `full_user`: the presence carries the user's profile (after a change of name or avatar).
    void presence(std::uint64_t user_id, const std::string& status,
                  const std::string& activities_json, bool full_user = false);
    void add_relationship(std::uint64_t owner, std::uint64_t target, int type,
                          const std::string& nickname);
    void remove_relationship(std::uint64_t owner, std::uint64_t target);
    // What `me` does in the official client, with both sides told (discord-userdoccers
    // resources/relationships.mdx): PUT without a type (or 1) accepts the other's request, or
    // sends one (4 for me, 3 for them); type 2 blocks (and ends what the other had with me).
    // DELETE ends a friendship or a request on both sides, a block on mine only.
    void put_relationship(std::uint64_t me, std::uint64_t target, std::optional<int> type);
    void delete_relationship(std::uint64_t me, std::uint64_t target);
    // Someone joins the guild (GUILD_MEMBER_ADD) or, already a member, changes nick or roles
    // (GUILD_MEMBER_UPDATE). `roles` must be roles of the guild.
    void set_member(std::uint64_t guild_id, std::uint64_t user_id, const std::string& nick,
                    const std::vector<std::uint64_t>& roles);
    // Someone leaves: GUILD_MEMBER_REMOVE to the members left (and the one who left).
    void remove_member(std::uint64_t guild_id, std::uint64_t user_id);
    // A channel's name and/or topic change (what someone with MANAGE_CHANNELS does in the app):
    // CHANNEL_UPDATE with the whole channel to everyone who can see it. DMs have neither.
    const Channel& update_channel(std::uint64_t channel_id, const std::optional<std::string>& name,
                                  const std::optional<std::string>& topic);
    // operations_guilds.cpp. An outage: GUILD_DELETE with unavailable:true to every member.
    void guild_outage(std::uint64_t guild_id);
    // GUILD_UPDATE with the guild's own fields (no channels or members) to every member.
    const Guild& rename_guild(std::uint64_t guild_id, const std::string& name);
    // role_id 0 creates a role (GUILD_ROLE_CREATE); an existing one changes (GUILD_ROLE_UPDATE).
    const Role& set_role(std::uint64_t guild_id, std::uint64_t role_id,
                         const std::optional<std::string>& name,
                         const std::optional<std::string>& permissions,
                         std::optional<bool> hoist = std::nullopt);
    // GUILD_ROLE_DELETE; members lose the role.
    void remove_role(std::uint64_t guild_id, std::uint64_t role_id);
    // Group DMs: CHANNEL_RECIPIENT_ADD / _REMOVE to the other recipients; the newcomer gets
    // CHANNEL_CREATE, the one who left CHANNEL_DELETE.
    void add_recipient(std::uint64_t channel_id, std::uint64_t user_id);
    void remove_recipient(std::uint64_t channel_id, std::uint64_t user_id);
    // THREAD_UPDATE (renamed) or THREAD_DELETE {id, guild_id, parent_id, type} to the members.
    void update_thread(std::uint64_t thread_id, const std::optional<std::string>& name,
                       bool remove);
    void ack(std::uint64_t channel_id, std::uint64_t message_id, std::uint64_t user_id);
    const Channel& open_dm(std::uint64_t user_id, std::uint64_t recipient_id);

    // Access checks (user_id != 0) belong to REST callers; the control API acts as anyone.
    // Without VIEW_CHANNEL: 403 50001 "Missing Access".
    Channel& channel_for(std::uint64_t channel_id, std::uint64_t user_id);
    // Whether the user has every permission in `bits` in the channel.
    bool allowed(const Channel& ch, std::uint64_t user_id, std::uint64_t bits) const;
    // Else 403 50013 "Missing Permissions".
    void require(const Channel& ch, std::uint64_t user_id, std::uint64_t bits) const;

    // enforce_nonce dedups only "in the past few minutes" (Discord's create-message docs);
    // after this long the same nonce creates a new message.
    void set_nonce_window_ms(std::uint64_t ms) { nonce_window_ms_ = ms; }
    std::uint64_t nonce_window_ms() const { return nonce_window_ms_; }
    Gateway& gateway() { return gateway_; }
    Message& message_in(std::uint64_t channel_id, std::uint64_t message_id);

  private:
    void write_reaction_event(JsonOut& j, const Channel& ch, const Message& m,
                              std::uint64_t user_id, const Emoji& emoji, bool add);

    World& world_;
    Gateway& gateway_;
    struct NonceSeen {
        std::uint64_t message_id = 0;
        std::uint64_t at_ms = 0;
    };
    // (channel, author, nonce) -> the message it made, for enforce_nonce.
    std::map<std::tuple<std::uint64_t, std::uint64_t, std::string>, NonceSeen> nonces_;
    std::uint64_t nonce_window_ms_ = 5 * 60 * 1000;
};

}  // namespace cordgate::tests::emulator
