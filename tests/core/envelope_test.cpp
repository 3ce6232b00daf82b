#include "samples.hpp"

#include <gtest/gtest.h>

#include <set>

namespace cordgate::core {
namespace {

Event wrap(EventPayload payload) {
    return Event{kEventVersion, "discord",         42,
                 1732500000000, "romeo@localhost", std::move(payload)};
}

TEST(EventEnvelope, EveryTypeRoundTripsToTheSameBytes) {
    std::set<std::string> covered;
    for (const auto& payload : tests::sample_event_payloads()) {
        Event event = wrap(payload);
        std::string bytes = encode_event(event);
        Event back = decode_event(bytes);
        EXPECT_EQ(encode_event(back), bytes) << event.type();
        EXPECT_STREQ(back.type(), event.type());
        covered.insert(event.type());
    }
    EXPECT_EQ(covered.size(), std::variant_size_v<EventPayload>) << "a type has no sample";
}

TEST(EffectEnvelope, EveryTypeRoundTripsToTheSameBytes) {
    std::set<std::string> covered;
    for (const auto& payload : tests::sample_effect_payloads()) {
        Effect effect{kEffectVersion, 7, 42, "romeo@localhost", payload};
        std::string bytes = encode_effect(effect);
        EXPECT_EQ(encode_effect(decode_effect(bytes)), bytes) << effect.type();
        covered.insert(effect.type());
    }
    EXPECT_EQ(covered.size(), std::variant_size_v<EffectPayload>) << "a type has no sample";
}

// Discord message text may hold any control character. Each one, at every offset of contents
// around the encoder's and reader's 8- and 16-byte scan blocks, must come back as it went in:
// RapidJSON 1.1.0's SSE2 writer left 0x1A-0x1F raw inside 16-byte blocks, and the decoder then
// refused the event (a message lost on the bus or in the log).
TEST(EventEnvelope, EveryControlCharacterInAMessageRoundTrips) {
    DiscordMessageCreate base;
    for (const auto& payload : tests::sample_event_payloads()) {
        if (const auto* m = std::get_if<DiscordMessageCreate>(&payload)) base = *m;
    }
    ASSERT_FALSE(base.content.empty());
    for (std::size_t length = 1; length <= 40; ++length) {
        for (std::size_t at = 0; at < length; ++at) {
            for (int c = 0; c < 0x20; ++c) {
                DiscordMessageCreate msg = base;
                msg.content = std::string(length, 'x');
                msg.content[at] = static_cast<char>(c);
                const std::string bytes = encode_event(wrap(msg));
                ASSERT_EQ(bytes.find(static_cast<char>(c)), std::string::npos)
                    << "raw byte " << c << " at " << at << " of " << length;
                const Event back = decode_event(bytes);
                ASSERT_EQ(std::get<DiscordMessageCreate>(back.payload).content, msg.content);
            }
        }
    }
}

TEST(EventEnvelope, HasTheDocumentedShape) {
    Event e = wrap(XmppRegister{"discord.localhost", "abc"});
    EXPECT_EQ(encode_event(e),
              R"({"v":1,"origin":"discord","origin_seq":42,"ts":1732500000000,)"
              R"("user":"romeo@localhost","type":"xmpp.register",)"
              R"("payload":{"gateway":"discord.localhost","sealed_token":"abc"}})");
}

std::string decode_error(std::string_view text) {
    try {
        decode_event(text);
    } catch (const CodecError& e) {
        return e.what();
    }
    return "no error";
}

TEST(EventEnvelope, RejectsBadInputWithAReason) {
    EXPECT_EQ(decode_error(R"({"v":2,"origin":"x"})"),
              "unsupported event version 2 (this build reads 1)");
    EXPECT_EQ(decode_error(R"([1,2])"), "event: expected a JSON object");
    EXPECT_EQ(decode_error(R"({"origin":"x"})"), "v: missing");
    EXPECT_EQ(decode_error(R"({"v":1,"origin":"x","origin_seq":1,"ts":0,"user":"u",)"
                           R"("type":"discord.nope","payload":{}})"),
              "unknown event type 'discord.nope'");
    EXPECT_EQ(decode_error(R"({"v":1,"origin":"x","origin_seq":-1,"ts":0,"user":"u",)"
                           R"("type":"xmpp.register","payload":{}})"),
              "origin_seq: expected an unsigned 64-bit integer");
    EXPECT_EQ(decode_error(R"({"v":1,"origin":"x","origin_seq":1,"ts":0,"user":"u",)"
                           R"("type":"xmpp.register","payload":{"gateway":"g"}})"),
              "payload.sealed_token: missing");
    EXPECT_EQ(
        decode_error(R"({"v":1,"origin":"x","origin_seq":1,"ts":0,"user":"u","extra":0,)"
                     R"("type":"xmpp.register","payload":{"gateway":"g","sealed_token":"t"}})"),
        "event envelope has 8 fields, expected 7");
    EXPECT_NE(decode_error("{\"v\":1,"), "no error");
}

TEST(EffectEnvelope, TargetFollowsTheTypePrefix) {
    auto samples = tests::sample_effect_payloads();
    EXPECT_EQ(target_of(samples[0]), Target::xmpp);
    EXPECT_EQ(target_of(samples[3]), Target::discord);
    EXPECT_EQ(parse_target("discord"), Target::discord);
    EXPECT_FALSE(parse_target("irc"));
}

}  // namespace
}  // namespace cordgate::core
