// apply() on the DM slice: one registered user with 100 friends after READY, then a stream of
// inbound Discord DMs (each becomes an XMPP chat message) and outbound XMPP messages (each
// becomes a Discord send). Events are decoded beforehand: this measures the fold alone.

#include <core/projection.hpp>

#include <benchmark/benchmark.h>

namespace {

using namespace cordgate::core;

constexpr const char* kUser = "romeo@localhost";

State logged_in_state() {
    State state;
    archive::MemoryStore store;
    apply(state, store, Event{kEventVersion, "xmpp", 1, 0, kUser, XmppRegister{"discord.localhost", "s"}},
          1);
    DiscordReady ready;
    ready.user = DiscordUser{Snowflake{1}, "romeo", std::nullopt, std::nullopt, false};
    for (std::uint64_t i = 0; i < 100; ++i) {
        DiscordUser friend_user{Snowflake{1000 + i}, "friend" + std::to_string(i), std::nullopt,
                                std::nullopt, false};
        ready.relationships.push_back(DiscordRelationship{1, std::nullopt, friend_user});
        ready.private_channels.push_back(
            DiscordChannel{Snowflake{5000 + i}, 1, std::nullopt, std::nullopt, {friend_user}});
    }
    apply(state, store, Event{kEventVersion, "discord", 1, 0, kUser, ready}, 2);
    return state;
}

void BM_ApplyInboundDm(benchmark::State& bench) {
    State state = logged_in_state();
    archive::MemoryStore store;
    std::uint64_t position = 3;
    Event event{kEventVersion, "discord", 2, 0, kUser, DiscordMessageCreate{}};
    auto& msg = std::get<DiscordMessageCreate>(event.payload);
    msg.author = DiscordUser{Snowflake{1042}, "friend42", std::nullopt, std::nullopt, false};
    msg.channel_id = Snowflake{5042};
    msg.content = "a message of an ordinary length, about sixty bytes of text.";
    msg.timestamp = "2026-11-25T07:00:00.000000+00:00";
    for (auto _ : bench) {
        msg.id = Snowflake{1'000'000'000 + position};
        Effects effects = apply(state, store, event, position++);
        benchmark::DoNotOptimize(effects);
    }
    bench.SetItemsProcessed(bench.iterations());
}
BENCHMARK(BM_ApplyInboundDm);

void BM_ApplyOutboundDm(benchmark::State& bench) {
    State state = logged_in_state();
    archive::MemoryStore store;
    std::uint64_t position = 3;
    Event event{kEventVersion,
                "xmpp",
                2,
                0,
                kUser,
                XmppMessage{"romeo@localhost/phone", "1042@discord.localhost", "chat", "id",
                            std::nullopt, "a message of an ordinary length, about sixty bytes."}};
    for (auto _ : bench) {
        Effects effects = apply(state, store, event, position++);
        benchmark::DoNotOptimize(effects);
        // Keep the pending-echo map at a steady size, as Discord's echoes would.
        state.sessions.begin()->second.messages.xmpp_by_nonce.clear();
    }
    bench.SetItemsProcessed(bench.iterations());
}
BENCHMARK(BM_ApplyOutboundDm);

}  // namespace
