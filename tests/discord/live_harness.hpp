#pragma once
// What the live tests run: the emulator on a free port, cordgate-discord pointed at it, and a
// stand-in for cordgate-core on the real bus (runtime::BusServer speaking the bus protocol), so
// the adapter is driven exactly as in production while the test sees every event and ack.

#include <common/bus_protocol.hpp>
#include <common/sealed_box.hpp>
#include <core/effect.hpp>
#include <core/event.hpp>
#include <runtime/bus_server.hpp>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace cordgate::tests::discord {

struct HttpResult {
    int status = 0;
    std::string body;
};

// Blocking HTTP/1.1 on loopback with Connection: close; enough for the emulator's control API.
HttpResult http(int port, const std::string& method, const std::string& path,
                const std::string& body = "", const std::string& authorization = "");

class Process {
  public:
    // Starts argv with stdout and stderr sent to files.
    Process(std::vector<std::string> argv, const std::filesystem::path& out,
            const std::filesystem::path& err);
    ~Process();
    void kill_now();
    bool running();

  private:
    int pid_ = -1;
};

struct LiveOptions {
    std::vector<std::string> emulator_args;  // more flags for the emulator
    std::string discord_toml;                // more lines for the adapter's [discord] section
    bool tls = false;        // https/wss (the emulator gets a fresh self-signed certificate)
    bool trust_cert = true;  // with tls: name the certificate in discord.ca_file
    // Lines of its [files] section; {port} is the emulator's port.
    std::string files_toml{};
};

class Live {
  public:
    explicit Live(LiveOptions options = {});
    ~Live();

    int port() const { return port_; }
    // (Re)starts the adapter; `extra` are more command-line flags.
    void start_adapter(std::vector<std::string> extra = {});
    void kill_adapter();

    // Fake core: sends an effect with the next id (or `id` when given) to the adapter.
    std::uint64_t send_effect(const std::string& user, core::EffectPayload payload,
                              std::uint64_t id = 0);
    std::string seal(const std::string& token) const {
        return common::seal(token, keys_.public_key);
    }

    // Pumps the bus until pred() holds or the timeout passes; returns pred().
    bool wait(const std::function<bool()>& pred, std::chrono::milliseconds timeout);
    void pump(std::chrono::milliseconds for_how_long);

    const std::vector<core::Event>& events() const { return events_; }
    // Envelopes the adapter published that core::decode_event() refused, as they came.
    const std::vector<std::string>& undecodable() const { return undecodable_; }
    std::uint64_t acked_effect() const { return effect_ack_; }
    template <class T>
    std::vector<T> events_of() const {
        std::vector<T> out;
        for (const auto& e : events_)
            if (const auto* p = std::get_if<T>(&e.payload)) out.push_back(*p);
        return out;
    }

    rapidjson::Document control(const std::string& method, const std::string& path,
                                const std::string& body = "");
    // REST requests the emulator recorded since the start.
    rapidjson::Document requests() { return control("GET", "/_emulator/requests?since=0"); }
    std::string adapter_log() const;
    std::string emulator_log() const;
    const std::filesystem::path& dir() const { return dir_; }

  private:
    void handle(const runtime::Frame& f);

    std::filesystem::path dir_;
    std::string endpoint_;
    common::KeyPair keys_;
    std::unique_ptr<Process> emulator_;
    std::unique_ptr<Process> adapter_;
    std::unique_ptr<runtime::BusServer> bus_;
    int port_ = 0;
    int adapter_runs_ = 0;
    std::string peer_;
    std::vector<core::Event> events_;
    std::vector<std::string> undecodable_;
    std::uint64_t last_origin_seq_ = 0;
    std::uint64_t effect_ack_ = 0;
    std::uint64_t next_effect_id_ = 1;
    std::vector<std::string> sent_effects_;  // index = id - 1, for resends after a hello
};

inline constexpr const char* kAlice = "100000000000000002";
inline constexpr const char* kBob = "100000000000000003";
inline constexpr const char* kDm = "400000000000000001";
inline constexpr const char* kGeneral = "300000000000000001";
inline constexpr const char* kUser = "romeo@localhost";

// Starts the adapter and logs in as alice (the user kUser); fails the test without READY.
inline void login_alice(Live& live) {
    using namespace std::chrono_literals;
    live.start_adapter();
    live.send_effect(kUser, core::LoginDiscord{live.seal("alice-token")});
    ASSERT_TRUE(live.wait([&] { return !live.events_of<core::DiscordReady>().empty(); }, 10s))
        << live.adapter_log();
}

// How many MESSAGE_CREATEs with this content the adapter published.
inline int delivered(Live& live, std::string_view content) {
    int n = 0;
    for (const auto& m : live.events_of<core::DiscordMessageCreate>())
        if (m.content == content) ++n;
    return n;
}

// bob writes `content` (a JSON-safe string) in his DM with alice, at the emulator.
inline void bob_says(Live& live, const std::string& content) {
    live.control("POST", "/_emulator/message",
                 std::string(R"({"channel_id":")") + kDm + R"(","author_id":")" + kBob +
                     R"(","content":")" + content + "\"}");
}

}  // namespace cordgate::tests::discord
