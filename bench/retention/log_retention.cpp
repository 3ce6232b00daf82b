// The event log's disk use under retention: a stream of Discord DMs folded by the real core
// (core::apply) into the real log (eventlog), their effects written and acknowledged as the
// XMPP adapter would, a snapshot every --snapshot-every events with the retention the core
// applies (runtime/retention.hpp). Prints CSV, one row per --every messages:
//   messages,disk_bytes,sst_bytes,wal_bytes,first_position,seconds
// and the bytes per message kept at the end. bench/retention/plot.py draws the CSV.
//
//   bench_log_retention --dir /tmp/ret --messages 5000000 --keep 1000000 > retention.csv

#include <core/archive/store.hpp>
#include <core/projection.hpp>
#include <core/state.hpp>
#include <eventlog/log.hpp>
#include <runtime/retention.hpp>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <utility>

namespace {

using namespace cordgate;

constexpr const char* kUser = "romeo@localhost";
constexpr std::uint64_t kFriends = 100;

struct Args {
    std::string dir;
    std::uint64_t messages = 5'000'000;
    std::uint64_t keep = 1'000'000;
    std::uint64_t batch = 100;
    std::uint64_t snapshot_every = 10'000;
    std::uint64_t every = 100'000;
};

core::Event envelope(std::string origin, std::uint64_t seq, core::EventPayload payload) {
    return core::Event{core::kEventVersion, std::move(origin), seq, 0, kUser, std::move(payload)};
}

// Registration and a READY with 100 friends, each with a DM channel.
std::vector<core::Event> login() {
    core::DiscordReady ready;
    ready.user = core::DiscordUser{core::Snowflake{1}, "romeo", std::nullopt, std::nullopt, false};
    for (std::uint64_t i = 0; i < kFriends; ++i) {
        core::DiscordUser user{core::Snowflake{1000 + i}, "friend" + std::to_string(i),
                               std::nullopt, std::nullopt, false};
        ready.relationships.push_back(core::DiscordRelationship{1, std::nullopt, user});
        ready.private_channels.push_back(
            core::DiscordChannel{core::Snowflake{5000 + i}, 1, std::nullopt, std::nullopt, {user}});
    }
    return {envelope("xmpp", 1, core::XmppRegister{"discord.localhost", "token"}),
            envelope("discord", 1, std::move(ready))};
}

// Text of an ordinary length whose words vary, so that compression sees what it would in a
// real chat rather than one sentence repeated.
// Bytes of the folder's table files and of its write-ahead logs: the WAL is bounded by
// max_total_wal_size (eventlog/tuning.cpp), not by retention, and is shown apart.
std::pair<std::uint64_t, std::uint64_t> sst_and_wal_bytes(const std::string& dir) {
    std::uint64_t sst = 0;
    std::uint64_t wal = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        const auto extension = entry.path().extension();
        if (extension == ".sst") sst += entry.file_size();
        if (extension == ".log") wal += entry.file_size();
    }
    return {sst, wal};
}

std::string chat_text(std::mt19937_64& random) {
    static const char* kWords[] = {"the",    "meeting", "moved", "to",    "three", "tomorrow",
                                   "ok",     "see",     "you",   "there", "lol",   "did",
                                   "anyone", "push",    "the",   "fix",   "yes",   "build"};
    std::string text;
    const std::size_t words = 4 + random() % 12;
    for (std::size_t i = 0; i < words; ++i) {
        if (!text.empty()) text += ' ';
        text += kWords[random() % std::size(kWords)];
    }
    return text;
}

int run(const Args& args) {
    std::filesystem::remove_all(args.dir);
    auto log = eventlog::Log::open({args.dir, eventlog::Sync::never});
    core::State state;
    core::archive::MemoryStore store;
    runtime::RetentionPolicy policy{args.keep, 0};
    std::mt19937_64 random(42);
    std::uint64_t last_snapshot = 0;
    std::uint64_t effect_id = 0;
    std::uint64_t discord_seq = 1;
    const auto began = std::chrono::steady_clock::now();
    std::vector<core::Event> pending = login();
    std::uint64_t messages = 0;
    std::uint64_t next_row = 0;
    std::printf("messages,disk_bytes,sst_bytes,wal_bytes,first_position,seconds\n");

    while (messages < args.messages || !pending.empty()) {
        while (pending.size() < args.batch && messages + pending.size() < args.messages) {
            const std::uint64_t n = messages + pending.size();
            core::DiscordMessageCreate message;
            const std::uint64_t friend_index = random() % kFriends;
            message.author = core::DiscordUser{core::Snowflake{1000 + friend_index},
                                               "friend" + std::to_string(friend_index),
                                               std::nullopt, std::nullopt, false};
            message.channel_id = core::Snowflake{5000 + friend_index};
            message.id = core::Snowflake{(1'500'000'000'000ULL << 22) + n * 4096};
            message.content = chat_text(random);
            message.timestamp = "2026-12-07T07:00:00.000000+00:00";
            pending.push_back(envelope("discord", ++discord_seq, std::move(message)));
        }
        auto batch = log->begin();
        for (core::Event& event : pending) {
            auto position =
                batch.add_event(event.origin, event.origin_seq, core::encode_event(event));
            if (!position) continue;
            for (core::Effect& effect : core::apply(state, store, event, *position)) {
                effect.id = ++effect_id;
                batch.add_effect(core::target_name(effect.target()), effect.id,
                                 core::encode_effect(effect));
            }
            if (event.origin == "discord" &&
                std::holds_alternative<core::DiscordMessageCreate>(event.payload)) {
                ++messages;
            }
        }
        pending.clear();
        // The adapter acknowledged everything sent before this commit.
        if (effect_id > 0) batch.ack_effects("xmpp", log->last_effect_id("xmpp"));
        const std::uint64_t position = log->last_position() + batch.event_count();
        if (position >= last_snapshot + args.snapshot_every) {
            batch.put_snapshot(position, core::encode_state(state));
            last_snapshot = position;
            batch.drop_events_before(runtime::first_position_to_keep(policy, *log, position, 0));
        }
        log->commit(std::move(batch));
        if (messages >= next_row) {
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
            const auto [sst, wal] = sst_and_wal_bytes(args.dir);
            std::printf("%llu,%llu,%llu,%llu,%llu,%.1f\n",
                        static_cast<unsigned long long>(messages),
                        static_cast<unsigned long long>(log->disk_bytes()),
                        static_cast<unsigned long long>(sst), static_cast<unsigned long long>(wal),
                        static_cast<unsigned long long>(log->first_position()), seconds);
            std::fflush(stdout);
            spdlog::info("{} of {} messages, log {:.1f} MiB, oldest event kept {}", messages,
                         args.messages, static_cast<double>(log->disk_bytes()) / (1 << 20),
                         log->first_position());
            next_row += args.every;
        }
    }
    const std::uint64_t kept = log->last_position() - log->first_position() + 1;
    const auto [sst, wal] = sst_and_wal_bytes(args.dir);
    spdlog::info(
        "done: {} events kept of {}; {} bytes on disk, of which {} in tables ({:.0f} bytes per "
        "kept event) and {} in the WAL",
        kept, log->last_position(), log->disk_bytes(), sst,
        static_cast<double>(sst) / static_cast<double>(kept), wal);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app("the event log's disk use under retention");
    Args args;
    app.add_option("--dir", args.dir, "a folder for the log (emptied first)")->required();
    app.add_option("--messages", args.messages, "DMs to write");
    app.add_option("--keep", args.keep, "core.retain_events");
    app.add_option("--batch", args.batch, "events per group commit");
    app.add_option("--snapshot-every", args.snapshot_every, "core.snapshot_every");
    app.add_option("--every", args.every, "messages between CSV rows");
    CLI11_PARSE(app, argc, argv);
    spdlog::set_default_logger(spdlog::stderr_color_mt("bench"));  // stdout is the CSV
    spdlog::set_pattern("%H:%M:%S %^%l%$ %v");
    return run(args);
}
