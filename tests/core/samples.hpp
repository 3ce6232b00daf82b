#pragma once
// One fully populated value of every event and effect type, for round-trip tests and
// benchmarks. Optional fields are set so that every field is exercised.

#include <core/effect.hpp>
#include <core/event.hpp>

#include <vector>

namespace cordgate::tests {

inline core::DiscordUser sample_user(std::uint64_t id, const char* name) {
    return core::DiscordUser{core::Snowflake{id}, name, std::string(name) + " (display)",
                             "a1b2c3", false};
}

inline std::vector<core::EventPayload> sample_event_payloads() {
    using namespace core;
    DiscordReady ready{sample_user(100, "me"),
                       {DiscordRelationship{1, "bestie", sample_user(200, "alice")}},
                       {DiscordChannel{Snowflake{300}, 1, std::nullopt, std::nullopt,
                                       {sample_user(200, "alice")}}}};
    DiscordMessageCreate msg{Snowflake{400},
                             Snowflake{300},
                             Snowflake{500},
                             sample_user(200, "alice"),
                             "hello \"world\" \xc3\xa9\n<b>",
                             "2026-11-25T07:00:00.000000+00:00",
                             "n1",
                             Snowflake{399},
                             {DiscordAttachment{Snowflake{401}, "cat.png",
                                                "https://cdn.example/cat.png", "image/png", 1234}}};
    return {XmppRegister{"discord.localhost", "c2VhbGVk"},
            XmppMessage{"romeo@localhost/phone", "200@discord.localhost", "chat", "m1", "o1", "hi"},
            ready, msg};
}

inline std::vector<core::EffectPayload> sample_effect_payloads() {
    using namespace core;
    return {SendXmppMessage{"200@discord.localhost", "romeo@localhost", "chat", "cg1-0", "hi"},
            SetXmppRoster{"discord.localhost",
                          RosterItem{"200@discord.localhost", "alice", {"Discord"}, "both"}},
            LoginDiscord{"c2VhbGVk"},
            SendDiscordMessage{Snowflake{300}, Snowflake{200}, "hi", "42"}};
}

}  // namespace cordgate::tests
