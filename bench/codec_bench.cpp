// Canonical JSON encoding and strict decoding of a realistic event envelope: a DM message
// from a friend with a display name, avatar, nonce, a reply reference and one attachment.

#include <core/event.hpp>

#include <benchmark/benchmark.h>

#include <string>

namespace cordgate::core {
namespace {

Event sample_event() {
    DiscordMessageCreate m;
    m.id = Snowflake{1310553093012345678ull};
    m.channel_id = Snowflake{1310553093000000001ull};
    m.author = DiscordUser{.id = Snowflake{80351110224678912ull},
                           .username = "juliet",
                           .global_name = "Juliet Capulet",
                           .avatar = "a_8342729096ea3675442027381ff50dfe",
                           .bot = false};
    m.content =
        "On my way — saw the \"balcony\" photos you sent, they're great! Are we still on for "
        "8pm? I'll bring the tickets 🎟️";
    m.timestamp = "2026-11-25T07:04:12.345000+00:00";
    m.nonce = "1310553092998001664";
    m.referenced_message_id = Snowflake{1310552990123456789ull};
    m.attachments.push_back(DiscordAttachment{
        .id = Snowflake{1310553092554321098ull},
        .filename = "balcony.jpg",
        .url = "https://cdn.discordapp.com/attachments/1310553093000000001/1310553092554321098/"
               "balcony.jpg",
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

}  // namespace
}  // namespace cordgate::core
