#pragma once
// What a user account's READY looks like, chosen by the IDENTIFY `capabilities` bitfield
// (discord-userdoccers pages/gateway/using-gateway.mdx, "Gateway Capabilities"; the shapes are
// pages/gateway/gateway-events.mdx, "Ready" with its footnotes 6, 7, 9 and 10, "Ready
// Supplemental" and "Gateway Guild Object"). Capabilities 0 (the third-party libraries) keep the
// legacy shape, written by Gateway::ready_payload; the official client's bits get the
// deduplicated READY and READY_SUPPLEMENTAL written here. Pure: reads the world, returns JSON.

#include <tests/emulator/world.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace cordgate::tests::emulator {

// Entries (JSON texts, sent verbatim, valid or not) appended to the lists of every later user
// READY: hostile input for a client's READY reader.
struct ReadyExtras {
    std::vector<std::string> relationships;
    std::vector<std::string> private_channels;
    std::vector<std::string> guilds;
};

// The capability bits that change what the emulator writes; the others are accepted and have
// no effect here.
struct ReadyShape {
    static constexpr std::uint64_t kVersionedReadStates = 1u << 2;
    static constexpr std::uint64_t kVersionedUserGuildSettings = 1u << 3;
    static constexpr std::uint64_t kDedupeUserObjects = 1u << 4;
    static constexpr std::uint64_t kPrioritizedReadyPayload = 1u << 5;  // needs kDedupeUserObjects
    static constexpr std::uint64_t kUserSettingsProto = 1u << 9;
    static constexpr std::uint64_t kClientStateV2 = 1u << 10;

    bool dedupe = false;
    bool prioritized = false;  // READY_SUPPLEMENTAL follows READY
    bool versioned_read_states = false;
    bool versioned_user_guild_settings = false;
    bool settings_proto = false;   // no legacy `user_settings`
    bool client_state_v2 = false;  // guild properties under `properties`

    static ReadyShape from_capabilities(std::uint64_t capabilities);
};

// What READY says about the session besides the world.
struct ReadySession {
    std::string session_id;
    int version = 9;
    std::string resume_gateway_url;
    std::string required_action;  // empty: none
};

// READY in the deduplicated shape (shape.dedupe must be set).
std::string deduplicated_ready(const World& world, const User& user, const ReadyShape& shape,
                               const ReadySession& session, const ReadyExtras& extras);

// READY_SUPPLEMENTAL, after a deduplicated READY with shape.prioritized.
std::string ready_supplemental(const World& world, const User& user, const ReadyExtras& extras);

// Pure parts, for tests: the non-offline users whose presence `user` receives at login
// (friends and implicit relationships), and those among a guild's members (those, and DM
// partners), by id.
std::vector<std::uint64_t> friend_presence_ids(const World& world, std::uint64_t user_id);
std::vector<std::uint64_t> guild_presence_ids(const World& world, const Guild& guild,
                                              std::uint64_t user_id);

}  // namespace cordgate::tests::emulator
