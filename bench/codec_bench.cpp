// Canonical JSON encoding and strict decoding of realistic envelopes: the event a Discord DM
// becomes (a message from a friend with a display name, avatar, nonce, a reply reference and one
// attachment) and the effect the core emits for it (the xmpp.message to the user's client).
// Each message crosses the codec four times: the Discord adapter encodes the event, the core
// decodes it and encodes the effect, the XMPP adapter decodes the effect.

#include <core/effect.hpp>
#include <core/event.hpp>

#include <benchmark/benchmark.h>

#include <string>

namespace cordgate::core {
namespace {

const std::string kContent =
    "On my way — saw the \"balcony\" photos you sent, they're great! Are we still on for "
    "8pm? I'll bring the tickets 🎟️";
const std::string kUrl =
    "https://cdn.discordapp.com/attachments/1310553093000000001/1310553092554321098/"
    "balcony.jpg";

Event sample_event() {
    DiscordMessageCreate m;
    m.id = Snowflake{1310553093012345678ull};
    m.channel_id = Snowflake{1310553093000000001ull};
    m.author = DiscordUser{.id = Snowflake{80351110224678912ull},
                           .username = "juliet",
                           .global_name = "Juliet Capulet",
                           .avatar = "a_8342729096ea3675442027381ff50dfe",
                           .bot = false};
    m.content = kContent;
    m.timestamp = "2026-11-25T07:04:12.345000+00:00";
    m.nonce = "1310553092998001664";
    m.referenced_message_id = Snowflake{1310552990123456789ull};
    m.attachments.push_back(DiscordAttachment{.id = Snowflake{1310553092554321098ull},
                                              .filename = "balcony.jpg",
                                              .url = kUrl,
                                              .content_type = "image/jpeg",
                                              .size = 482113});
    Event e;
    e.origin = "discord";
    e.origin_seq = 421337;
    e.ts = 1732518252345;
    e.user = "romeo@localhost";
    e.payload = std::move(m);
    return e;
}

// What on_message_create emits for the event above in a DM whose replied-to message the core
// knows: body with the attachment's URL, OOB, active chat state, markable, the reply.
Effect sample_effect() {
    SendXmppMessage m;
    m.from = "80351110224678912@discord.localhost";
    m.to = "romeo@localhost";
    m.message_type = "chat";
    m.id = "cg421337-0";
    m.body = kContent + "\n" + kUrl;
    m.reply_to_id = "cg421300-0";
    m.reply_to_jid = "80351110224678912@discord.localhost";
    m.oob_url = kUrl;
    m.chat_state = "active";
    m.markable = true;
    Effect e;
    e.id = 981723;
    e.cause = 1843221;
    e.user = "romeo@localhost";
    e.payload = std::move(m);
    return e;
}

void BM_EncodeEvent(benchmark::State& state) {
    const Event event = sample_event();
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::string text = encode_event(event);
        bytes += text.size();
        benchmark::DoNotOptimize(text);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_EncodeEvent);

void BM_DecodeEvent(benchmark::State& state) {
    const std::string text = encode_event(sample_event());
    for (auto _ : state) {
        Event event = decode_event(text);
        benchmark::DoNotOptimize(event);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
    state.counters["event_bytes"] = static_cast<double>(text.size());
}
BENCHMARK(BM_DecodeEvent);

// What a round trip through the log costs the core: encode on append, decode on replay.
void BM_EncodeDecodeEvent(benchmark::State& state) {
    const Event event = sample_event();
    for (auto _ : state) {
        Event back = decode_event(encode_event(event));
        benchmark::DoNotOptimize(back);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeDecodeEvent);

void BM_EncodeEffect(benchmark::State& state) {
    const Effect effect = sample_effect();
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::string text = encode_effect(effect);
        bytes += text.size();
        benchmark::DoNotOptimize(text);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_EncodeEffect);

void BM_DecodeEffect(benchmark::State& state) {
    const std::string text = encode_effect(sample_effect());
    for (auto _ : state) {
        Effect effect = decode_effect(text);
        benchmark::DoNotOptimize(effect);
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
    state.counters["effect_bytes"] = static_cast<double>(text.size());
}
BENCHMARK(BM_DecodeEffect);

}  // namespace
}  // namespace cordgate::core
