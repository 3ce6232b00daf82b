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
    DiscordChannel text{Snowflake{600}, 0, "general", Snowflake{500}, {}};
    DiscordGuild guild{Snowflake{500}, "guild", {text}};
    ready.guilds = std::vector<DiscordGuild>{guild};
    DiscordAttachment attachment{Snowflake{402}, "a.txt", "https://cdn.example/a.txt", std::nullopt,
                                 3};
    return {XmppRegister{"discord.localhost", "c2VhbGVk"},
            XmppMessage{"romeo@localhost/phone", "200@discord.localhost", "chat", "m1", "o1", "hi"},
            ready,
            msg,
            DiscordMessageUpdate{Snowflake{400}, Snowflake{300}, Snowflake{500},
                                 sample_user(200, "alice"), "edited",
                                 "2026-11-25T07:01:00.000000+00:00", {attachment}},
            DiscordMessageDelete{Snowflake{400}, Snowflake{300}, Snowflake{500}},
            DiscordReactionAdd{Snowflake{200}, Snowflake{300}, Snowflake{400}, Snowflake{500},
                               DiscordEmoji{Snowflake{700}, "blob"}},
            DiscordReactionRemove{Snowflake{200}, Snowflake{300}, Snowflake{400}, Snowflake{500},
                                  DiscordEmoji{std::nullopt, "\xf0\x9f\x91\x8d"}},
            DiscordTypingStart{Snowflake{300}, Snowflake{500}, Snowflake{200}, 1732500000},
            DiscordPresenceUpdate{Snowflake{200}, Snowflake{500}, "idle", "at lunch"},
            DiscordRelationshipAdd{DiscordRelationship{1, "bestie", sample_user(201, "bob")}},
            DiscordRelationshipRemove{Snowflake{201}, 1},
            DiscordMessageAck{Snowflake{300}, Snowflake{400}},
            DiscordChannelCreate{DiscordChannel{Snowflake{301}, 3, "group", std::nullopt,
                                                {sample_user(200, "alice")}}},
            DiscordChannelUpdate{text},
            DiscordChannelDelete{text},
            DiscordGuildCreate{guild},
            DiscordThreadCreate{DiscordChannel{Snowflake{601}, 11, "thread", Snowflake{500}, {}},
                                Snowflake{600}},
            DiscordUserUpdate{sample_user(100, "me")},
            DiscordUserProfile{sample_user(200, "alice"), "likes cats"},
            DiscordLoginFailed{"authentication failed", 4004},
            DiscordEffectFailed{7, "HTTP 403: Missing Access", 403}};
}

inline std::vector<core::EffectPayload> sample_effect_payloads() {
    using namespace core;
    return {SendXmppMessage{"200@discord.localhost", "romeo@localhost", "chat", "cg1-0", "hi"},
            SetXmppRoster{"discord.localhost",
                          RosterItem{"200@discord.localhost", "alice", {"Discord"}, "both"}},
            LoginDiscord{"c2VhbGVk"},
            SendDiscordMessage{Snowflake{300}, Snowflake{200}, "hi", "42"},
            EditDiscordMessage{Snowflake{300}, Snowflake{400}, "edited"},
            DeleteDiscordMessage{Snowflake{300}, Snowflake{400}},
            AddDiscordReaction{Snowflake{300}, Snowflake{400}, "blob:700"},
            RemoveDiscordReaction{Snowflake{300}, Snowflake{400}, "\xf0\x9f\x91\x8d"},
            TriggerDiscordTyping{Snowflake{300}},
            AckDiscordMessage{Snowflake{300}, Snowflake{400}},
            FetchDiscordUser{Snowflake{200}, true},
            UploadDiscordAttachment{Snowflake{300}, Snowflake{200}, "a file", "43", "a.txt",
                                    "text/plain", "aGk="}};
}

}  // namespace cordgate::tests
