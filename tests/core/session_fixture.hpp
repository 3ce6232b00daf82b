#pragma once
// A registered, logged-in session to feed events to: romeo@localhost on discord.localhost with
// the roster and message permissions, Discord user 1 ("romeo"), friend alice (20) in DM
// channel 500, and a guild 700 with a text channel 710 ("general" in category 705 "Text").

#include <core/projection.hpp>
#include <tests/core/effects_of.hpp>

#include <gtest/gtest.h>

namespace cordgate::tests {

inline core::DiscordUser discord_user(std::uint64_t id, const char* name) {
    return core::DiscordUser{core::Snowflake{id}, name, std::nullopt, std::nullopt, false};
}

class SessionFixture : public ::testing::Test {
  protected:
    static constexpr const char* kUser = "romeo@localhost";
    static constexpr const char* kClient = "romeo@localhost/pc";
    static constexpr const char* kGateway = "discord.localhost";
    static constexpr const char* kAlice = "20@discord.localhost";
    static constexpr const char* kRoom = "710@discord.localhost";

    core::State state;
    core::archive::MemoryStore archive;
    std::uint64_t position = 0;
    std::int64_t ts = 0;  // the events' time (ms); nonces derive from it

    core::Effects feed(core::EventPayload payload, const std::string& who = kUser) {
        ++position;
        return core::apply(
            state, archive,
            core::Event{core::kEventVersion, "t", position, ts, who, std::move(payload)}, position);
    }

    void SetUp() override {
        using namespace core;
        feed(XmppPrivileges{"localhost",
                            "urn:xmpp:privilege:2",
                            {XmppPermission{"roster", "both", {}},
                             XmppPermission{"message", "outgoing", {}}}},
             "");
        feed(XmppRegister{kGateway, "sealed"});
        DiscordChannel general{Snowflake{710}, 0, "general", Snowflake{700}, {}};
        general.topic = "say hi";
        general.parent_id = Snowflake{705};
        DiscordChannel category{Snowflake{705}, 4, "Text", Snowflake{700}, {}};
        DiscordGuild guild{Snowflake{700}, "Guild", {category, general}};
        guild.owner_id = Snowflake{30};
        guild.roles = std::vector<DiscordRole>{DiscordRole{Snowflake{700}, "@everyone", "0"},
                                               DiscordRole{Snowflake{701}, "mods", "8192"}};
        guild.members = std::vector<DiscordMember>{
            DiscordMember{discord_user(1, "romeo"), std::nullopt, {}},
            DiscordMember{discord_user(20, "alice"), "Ali", {Snowflake{701}}},
            DiscordMember{discord_user(30, "carol"), std::nullopt, {}}};
        DiscordReady ready{
            discord_user(1, "romeo"),
            {DiscordRelationship{1, std::nullopt, discord_user(20, "alice")}},
            {DiscordChannel{
                Snowflake{500}, 1, std::nullopt, std::nullopt, {discord_user(20, "alice")}}}};
        ready.guilds = std::vector<DiscordGuild>{guild};
        feed(ready);
    }

    core::Session& session() { return state.sessions.at(kUser); }

    // A message from `author` in `channel`, with the given Discord id.
    static core::DiscordMessageCreate discord_message(std::uint64_t id, std::uint64_t channel,
                                                      const core::DiscordUser& author,
                                                      const char* content) {
        core::DiscordMessageCreate m{core::Snowflake{id},
                                     core::Snowflake{channel},
                                     std::nullopt,
                                     author,
                                     content,
                                     "2026-11-25T10:00:00.000000+00:00",
                                     std::nullopt,
                                     std::nullopt,
                                     {}};
        if (channel == 710) m.guild_id = core::Snowflake{700};
        return m;
    }
};

}  // namespace cordgate::tests
