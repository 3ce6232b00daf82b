// `cordgate backup` in the core: the copy is taken once the adapters have acknowledged every
// effect sent before it was asked for (events wait meanwhile, none is lost), or after the drain
// limit with what is still unacknowledged said in the answer; the copy opens as a log of its
// own with the acknowledgements in it.

#include <common/bus_protocol.hpp>
#include <common/heartbeat.hpp>
#include <eventlog/log.hpp>
#include <runtime/control_protocol.hpp>
#include <runtime/core_service.hpp>
#include <tests/runtime/raw_bus.hpp>

#include <gtest/gtest.h>
#include <zmq.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>

namespace cordgate {
namespace {

using namespace std::chrono_literals;
namespace bus = common::bus;

using tests::of_kind;
using tests::RawAdapter;
using tests::registration;

class Backup : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/cordgate-backup-XXXXXX";
        dir_ = ::mkdtemp(tmpl);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    runtime::CoreOptions options(std::chrono::milliseconds drain_limit) {
        runtime::CoreOptions o;
        o.bus_endpoint = "ipc://" + dir_ + "/bus.sock";
        o.control_endpoint = "ipc://" + dir_ + "/control.sock";
        o.log = {dir_ + "/log", eventlog::Sync::never};
        o.backup_drain_limit = drain_limit;
        return o;
    }

    // An adapter that said hello and sent a heartbeat: the core counts it as there.
    std::unique_ptr<RawAdapter> adapter(runtime::CoreService& core, const std::string& name) {
        auto a = std::make_unique<RawAdapter>(context_, "ipc://" + dir_ + "/bus.sock");
        a->send(bus::kind::hello, core::encode(bus::Hello{bus::kProtocolVersion, name, name, 0}));
        bus::Heartbeat h;
        h.origin = name;
        a->send(bus::kind::heartbeat, core::encode(h));
        tests::step_until_busy(core);
        core.step(10);
        return a;
    }

    // The highest effect id among the frames, 0 for none.
    static std::uint64_t last_effect(const std::vector<tests::Received>& frames) {
        std::uint64_t last = 0;
        for (const auto& f : of_kind(frames, bus::kind::effects)) {
            bus::for_each_in_batch(f.body, [&](std::string_view e) {
                last = std::max(last, core::decode_effect(e).id);
            });
        }
        return last;
    }

    void ask(zmq::socket_t& req, const std::string& backup) {
        req.connect("ipc://" + dir_ + "/control.sock");
        std::string request =
            core::encode(runtime::ControlRequest{runtime::ControlCommand::backup, backup});
        req.send(zmq::buffer(request), zmq::send_flags::none);
    }

    static std::optional<std::string> reply(zmq::socket_t& req) {
        zmq::message_t m;
        if (!req.recv(m, zmq::recv_flags::dontwait)) return std::nullopt;
        return m.to_string();
    }

    std::string dir_;
    zmq::context_t context_{1};
};

TEST_F(Backup, WaitsForTheAcknowledgementsAndHoldsEventsBackMeanwhile) {
    runtime::CoreService core(options(10s));
    auto xmpp = adapter(core, "xmpp");
    auto discord = adapter(core, "discord");
    xmpp->send(bus::kind::events, core::encode_event(registration(1)));
    tests::step_until_busy(core);
    const std::uint64_t xmpp_last = last_effect(xmpp->frames_after(50ms));
    const std::uint64_t discord_last = last_effect(discord->frames_after(0ms));
    ASSERT_GT(xmpp_last, 0u);
    ASSERT_GT(discord_last, 0u);
    ASSERT_EQ(core.log().last_position(), 1u);

    const std::string backup = dir_ + "/backup";
    zmq::socket_t req(context_, zmq::socket_type::req);
    ask(req, backup);
    for (int i = 0; i < 20; ++i) core.step(5);
    EXPECT_FALSE(reply(req)) << "answered before the adapters acknowledged";
    EXPECT_FALSE(std::filesystem::exists(backup));

    // An event that comes meanwhile waits: it would make effects the copy holds as not sent.
    xmpp->send(bus::kind::events, core::encode_event(registration(2)));
    for (int i = 0; i < 10; ++i) core.step(5);
    EXPECT_EQ(core.log().last_position(), 1u);

    xmpp->send(bus::kind::effect_ack, core::encode(bus::EffectAck{xmpp_last}));
    for (int i = 0; i < 10; ++i) core.step(5);
    EXPECT_FALSE(reply(req)) << "answered before the Discord adapter acknowledged";
    discord->send(bus::kind::effect_ack, core::encode(bus::EffectAck{discord_last}));
    std::optional<std::string> answer;
    for (int i = 0; i < 100 && !answer; ++i) {
        core.step(5);
        answer = reply(req);
    }
    ASSERT_TRUE(answer);
    auto r = core::decode<runtime::BackupReply>(*answer);
    EXPECT_EQ(r.dir, backup);
    EXPECT_EQ(r.position, 1u);
    EXPECT_EQ(r.acknowledged.at("xmpp"), xmpp_last);
    EXPECT_EQ(r.acknowledged.at("discord"), discord_last);
    EXPECT_EQ(r.unacknowledged.at("xmpp"), 0u);
    EXPECT_EQ(r.unacknowledged.at("discord"), 0u);

    // The event that waited goes into the log once the copy is taken.
    for (int i = 0; i < 20 && core.log().last_position() < 2; ++i) core.step(5);
    EXPECT_EQ(core.log().last_position(), 2u);

    auto copy = eventlog::Log::open(eventlog::Options{backup, eventlog::Sync::never});
    EXPECT_EQ(copy->last_position(), 1u);
    EXPECT_EQ(copy->acked_effect_id("xmpp"), xmpp_last);
    EXPECT_EQ(copy->acked_effect_id("discord"), discord_last);
    int unacked = 0;
    copy->read_effects("xmpp", 0, [&](std::uint64_t, std::string_view) { return ++unacked, true; });
    EXPECT_EQ(unacked, 0) << "a core restored from the copy would send these again";
}

TEST_F(Backup, GivesUpWaitingForASilentAdapterAndSaysWhatIsUnacknowledged) {
    runtime::CoreService core(options(200ms));
    auto xmpp = adapter(core, "xmpp");
    auto discord = adapter(core, "discord");
    xmpp->send(bus::kind::events, core::encode_event(registration(1)));
    tests::step_until_busy(core);
    const std::uint64_t discord_last = last_effect(discord->frames_after(50ms));
    ASSERT_GT(discord_last, 0u);

    const std::string backup = dir_ + "/backup";
    zmq::socket_t req(context_, zmq::socket_type::req);
    ask(req, backup);
    const auto asked = std::chrono::steady_clock::now();
    std::optional<std::string> answer;
    for (int i = 0; i < 200 && !answer; ++i) {
        core.step(5);
        answer = reply(req);
    }
    ASSERT_TRUE(answer);
    EXPECT_GE(std::chrono::steady_clock::now() - asked, 200ms);
    auto r = core::decode<runtime::BackupReply>(*answer);
    EXPECT_EQ(r.unacknowledged.at("discord"), discord_last);
    EXPECT_GE(r.drain_ms, 200);
    EXPECT_TRUE(std::filesystem::exists(backup + "/CURRENT"));
}

TEST_F(Backup, RefusesAFolderThatExistsOrIsRelative) {
    runtime::CoreService core(options(1s));
    for (const std::string& dir : {dir_, std::string("relative/backup")}) {
        zmq::socket_t req(context_, zmq::socket_type::req);
        ask(req, dir);
        std::optional<std::string> answer;
        for (int i = 0; i < 100 && !answer; ++i) {
            core.step(5);
            answer = reply(req);
        }
        ASSERT_TRUE(answer);
        EXPECT_NE(answer->find("\"error\":"), std::string::npos) << *answer;
    }
}

}  // namespace
}  // namespace cordgate
