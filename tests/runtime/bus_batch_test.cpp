// Events and effects cross the bus in batches: what one side produces in one turn is one frame.
// Each side is driven here against a bare ZeroMQ socket that plays the other side and counts
// the frames that arrive, so a regression to one frame per envelope fails.

#include <common/bus_client.hpp>
#include <common/bus_protocol.hpp>
#include <runtime/core_service.hpp>
#include <tests/runtime/raw_bus.hpp>

#include <gtest/gtest.h>
#include <zmq.hpp>

#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

namespace cordgate {
namespace {

using namespace std::chrono_literals;
namespace bus = common::bus;
using tests::drain;
using tests::of_kind;
using tests::Received;
using tests::registration;
using tests::stanza_effect;

std::vector<std::string> envelopes_of(const std::vector<Received>& frames) {
    std::vector<std::string> out;
    for (const auto& f : frames) {
        bus::for_each_in_batch(f.body, [&](std::string_view e) { out.emplace_back(e); });
    }
    return out;
}

TEST(BusBatch, EnvelopesJoinAndSplitInOrder) {
    std::string body;
    bus::append_to_batch(body, R"({"a":1})");
    bus::append_to_batch(body, R"({"b":"x\ny"})");  // an escaped newline is not a raw one
    bus::append_to_batch(body, R"({"c":3})");
    std::vector<std::string> got;
    bus::for_each_in_batch(body, [&](std::string_view e) { got.emplace_back(e); });
    EXPECT_EQ(got, (std::vector<std::string>{R"({"a":1})", R"({"b":"x\ny"})", R"({"c":3})"}));
}

TEST(BusBatch, AnEnvelopeWithARawNewlineIsRefusedBySender) {
    std::string body;
    EXPECT_THROW(bus::append_to_batch(body, "{\"a\":\n1}"), std::invalid_argument);
    EXPECT_TRUE(body.empty());
}

TEST(BusBatch, StrayNewlinesDoNotBecomeEnvelopes) {
    std::vector<std::string> got;
    bus::for_each_in_batch("\n{\"a\":1}\n\n{\"b\":2}\n",
                           [&](std::string_view e) { got.emplace_back(e); });
    EXPECT_EQ(got, (std::vector<std::string>{R"({"a":1})", R"({"b":2})"}));
}

class BusBatching : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/cordgate-batch-XXXXXX";
        dir_ = ::mkdtemp(tmpl);
        endpoint_ = "ipc://" + dir_ + "/bus.sock";
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    runtime::CoreOptions core_options() const {
        runtime::CoreOptions options;
        options.bus_endpoint = endpoint_;
        options.log = {dir_ + "/log", eventlog::Sync::never};
        return options;
    }

    std::string dir_;
    std::string endpoint_;
    zmq::context_t context_{1};
};

// An adapter connected to a bare ROUTER that has welcomed it.
struct WelcomedAdapter {
    zmq::socket_t core_side;
    common::BusClient adapter;
    std::string peer;

    WelcomedAdapter(zmq::context_t& context, const std::string& endpoint)
        : core_side(context, zmq::socket_type::router),
          adapter(common::BusClientOptions{endpoint, "xmpp", core::Target::xmpp, 10s}) {
        core_side.set(zmq::sockopt::linger, 0);
        core_side.bind(endpoint);
        auto none = [](const core::Effect&) { return common::BusClient::Outcome::done; };
        for (int i = 0; i < 200 && peer.empty(); ++i) {
            adapter.poll(5ms, none);
            drain(core_side, &peer);
        }
        send(bus::kind::welcome, core::encode(bus::Welcome{bus::kProtocolVersion, 0, 1}));
        for (int i = 0; i < 100 && !adapter.welcomed(); ++i) adapter.poll(5ms, none);
    }

    void send(std::string_view kind, const std::string& body) {
        core_side.send(zmq::buffer(peer), zmq::send_flags::sndmore);
        core_side.send(zmq::buffer(kind), zmq::send_flags::sndmore);
        core_side.send(zmq::buffer(body), zmq::send_flags::none);
    }

    std::vector<Received> frames_after(std::chrono::milliseconds settle) {
        std::this_thread::sleep_for(settle);
        return drain(core_side);
    }
};

// A turn of the core takes frames up to a byte budget as well as a count: a flood used to pile
// 50-100 MiB into one group commit. The frame that crosses the budget is taken, none is lost,
// and they come in the order sent.
TEST_F(BusBatching, TheServerTakesFramesUpToItsByteBudgetInOrder) {
    runtime::BusServer server(endpoint_);
    tests::RawAdapter adapter(context_, endpoint_);
    for (int i = 0; i < 10; ++i) adapter.send("events", std::to_string(i) + std::string(999, 'x'));
    std::this_thread::sleep_for(200ms);  // all ten queued at the server before it reads
    std::vector<std::size_t> turns;
    std::vector<char> order;
    for (int i = 0; i < 100 && order.size() < 10; ++i) {
        const std::vector<runtime::Frame> frames = server.receive(10, 100, 2500);
        if (frames.empty()) continue;
        turns.push_back(frames.size());
        for (const auto& f : frames) order.push_back(f.body[0]);
    }
    EXPECT_EQ(turns, (std::vector<std::size_t>{3, 3, 3, 1}));
    EXPECT_EQ(std::string(order.begin(), order.end()), "0123456789");

    for (int i = 0; i < 5; ++i) adapter.send("events", "small");
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(server.receive(10, 2, 1 << 20).size(), 2u);  // the frame count still bounds a turn
    EXPECT_EQ(server.receive(10, 100, 1 << 20).size(), 3u);
}

TEST_F(BusBatching, EventsPublishedInOneTurnLeaveAsOneFrame) {
    WelcomedAdapter side(context_, endpoint_);
    ASSERT_FALSE(side.peer.empty()) << "the adapter never said hello";
    ASSERT_TRUE(side.adapter.welcomed());

    for (std::uint64_t n = 1; n <= 50; ++n) side.adapter.publish(registration(n));
    EXPECT_TRUE(of_kind(side.frames_after(20ms), bus::kind::events).empty())
        << "nothing goes out before the turn ends";
    side.adapter.flush();

    auto frames = of_kind(side.frames_after(20ms), bus::kind::events);
    ASSERT_EQ(frames.size(), 1u);
    auto envelopes = envelopes_of(frames);
    ASSERT_EQ(envelopes.size(), 50u);
    for (std::uint64_t n = 1; n <= 50; ++n) {
        core::Event e = core::decode_event(envelopes[n - 1]);
        EXPECT_EQ(e.origin_seq, n);
        EXPECT_EQ(e.user, "user" + std::to_string(n) + "@localhost");
    }
}

TEST_F(BusBatching, ABatchIsSentOnceItWouldGrowPastTheLimit) {
    WelcomedAdapter side(context_, endpoint_);
    ASSERT_TRUE(side.adapter.welcomed());
    // Ten events of ~100 KiB each: no frame may hold more than kBatchBytes.
    const std::string big(100 * 1024, 'x');
    for (std::uint64_t n = 1; n <= 10; ++n) side.adapter.publish(registration(n, big));
    side.adapter.flush();

    auto frames = of_kind(side.frames_after(50ms), bus::kind::events);
    EXPECT_GE(frames.size(), 4u);
    for (const auto& f : frames) EXPECT_LE(f.body.size(), bus::kBatchBytes);
    auto envelopes = envelopes_of(frames);
    ASSERT_EQ(envelopes.size(), 10u);
    for (std::uint64_t n = 1; n <= 10; ++n) {
        EXPECT_EQ(core::decode_event(envelopes[n - 1]).origin_seq, n);
    }
}

TEST_F(BusBatching, EveryEffectOfABatchIsCarriedOutInOrder) {
    WelcomedAdapter side(context_, endpoint_);
    ASSERT_TRUE(side.adapter.welcomed());
    std::string body;
    for (std::uint64_t id = 1; id <= 20; ++id) {
        bus::append_to_batch(body, core::encode_effect(stanza_effect(id)));
    }
    side.send(bus::kind::effects, body);

    std::vector<std::uint64_t> carried_out;
    auto handler = [&](const core::Effect& e) {
        carried_out.push_back(e.id);
        return common::BusClient::Outcome::done;
    };
    for (int i = 0; i < 100 && carried_out.size() < 20; ++i) side.adapter.poll(5ms, handler);
    std::vector<std::uint64_t> expected;
    for (std::uint64_t id = 1; id <= 20; ++id) expected.push_back(id);
    EXPECT_EQ(carried_out, expected);
}

TEST_F(BusBatching, TheCoreLogsABatchAndAnswersWithOneEffectsFramePerTarget) {
    runtime::CoreService core(core_options());
    tests::RawAdapter adapter(context_, endpoint_);
    // The adapter carries out Discord effects: every registration asks for a discord.login.
    adapter.send(bus::kind::hello,
                 core::encode(bus::Hello{bus::kProtocolVersion, "xmpp", "discord", 0}));
    tests::step_until_busy(core);
    ASSERT_EQ(of_kind(adapter.frames_after(20ms), bus::kind::welcome).size(), 1u);

    std::string body;
    for (std::uint64_t n = 1; n <= 30; ++n) {
        bus::append_to_batch(body, core::encode_event(registration(n)));
    }
    adapter.send(bus::kind::events, body);
    tests::step_until_busy(core);
    EXPECT_EQ(core.log().last_position(), 30u) << "every event of the batch is in the log";
    auto effects = of_kind(adapter.frames_after(20ms), bus::kind::effects);
    ASSERT_EQ(effects.size(), 1u) << "one turn's Discord effects travel as one frame";
    std::size_t logins = 0;
    std::uint64_t last_id = 0;
    for (const auto& bytes : envelopes_of(effects)) {
        core::Effect e = core::decode_effect(bytes);
        EXPECT_GT(e.id, last_id) << "in id order";
        last_id = e.id;
        if (std::holds_alternative<core::LoginDiscord>(e.payload)) ++logins;
    }
    EXPECT_EQ(logins, 30u);
}

TEST_F(BusBatching, TheCoreRefusesAnAdapterOfTheFirstProtocolVersion) {
    runtime::CoreService core(core_options());
    tests::RawAdapter adapter(context_, endpoint_);
    adapter.send(bus::kind::hello, core::encode(bus::Hello{1, "xmpp", "xmpp", 0}));
    tests::step_until_busy(core);
    auto frames = adapter.frames_after(20ms);
    ASSERT_EQ(of_kind(frames, bus::kind::refused).size(), 1u);
    EXPECT_NE(of_kind(frames, bus::kind::refused)[0].body.find("version 1"), std::string::npos);
    EXPECT_TRUE(of_kind(frames, bus::kind::welcome).empty());
}

}  // namespace
}  // namespace cordgate
