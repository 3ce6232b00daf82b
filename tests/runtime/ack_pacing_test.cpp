// Acknowledgements on the bus are paced in both directions: an adapter acknowledges the effects
// it carried out, and the core the events it made durable, at most once per interval (or once a
// backlog builds up), always with the highest id so far. Each side is driven here turn by turn
// against a bare ZeroMQ socket that plays the other side and counts what arrives.

#include <common/bus_client.hpp>
#include <common/bus_protocol.hpp>
#include <runtime/core_service.hpp>
#include <tests/runtime/raw_bus.hpp>

#include <gtest/gtest.h>
#include <zmq.hpp>

#include <chrono>
#include <cstdlib>
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

class AckPacing : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/cordgate-acks-XXXXXX";
        dir_ = ::mkdtemp(tmpl);
        endpoint_ = "ipc://" + dir_ + "/bus.sock";
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string dir_;
    std::string endpoint_;
    zmq::context_t context_{1};
};

TEST_F(AckPacing, AnAdapterAcknowledgesEffectsOncePerIntervalWithTheHighestId) {
    zmq::socket_t core_side(context_, zmq::socket_type::router);
    core_side.set(zmq::sockopt::linger, 0);
    core_side.bind(endpoint_);
    common::BusClientOptions options{endpoint_, "xmpp", core::Target::xmpp, 10s};
    options.effect_ack_interval = 300ms;
    common::BusClient adapter(options);
    int carried_out = 0;
    auto handler = [&](const core::Effect&) {
        ++carried_out;
        return common::BusClient::Outcome::done;
    };

    std::string peer;
    for (int i = 0; i < 200 && peer.empty(); ++i) {
        adapter.poll(5ms, handler);
        drain(core_side, &peer);
    }
    ASSERT_FALSE(peer.empty()) << "the adapter never said hello";
    auto send = [&](std::string_view kind, const std::string& body) {
        core_side.send(zmq::buffer(peer), zmq::send_flags::sndmore);
        core_side.send(zmq::buffer(kind), zmq::send_flags::sndmore);
        core_side.send(zmq::buffer(body), zmq::send_flags::none);
    };
    send(bus::kind::welcome, core::encode(bus::Welcome{bus::kProtocolVersion, 0, 1}));

    // Five turns, one effect each, well inside one interval.
    std::vector<Received> acks;
    for (std::uint64_t id = 1; id <= 5; ++id) {
        send(bus::kind::effects, core::encode_effect(stanza_effect(id)));
        for (int i = 0; i < 100 && carried_out < static_cast<int>(id); ++i) {
            adapter.poll(5ms, handler);
        }
        auto got = of_kind(drain(core_side), bus::kind::effect_ack);
        acks.insert(acks.end(), got.begin(), got.end());
    }
    ASSERT_EQ(carried_out, 5);
    // The first effect after a quiet spell is acknowledged at once; the next four wait.
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(core::decode<bus::EffectAck>(acks[0].body).id, 1u);

    std::this_thread::sleep_for(350ms);
    adapter.poll(0ms, handler);
    std::this_thread::sleep_for(20ms);
    acks = of_kind(drain(core_side), bus::kind::effect_ack);
    ASSERT_EQ(acks.size(), 1u) << "the interval passed: the waiting acknowledgement goes out";
    EXPECT_EQ(core::decode<bus::EffectAck>(acks[0].body).id, 5u);
}

TEST_F(AckPacing, TheCoreAcknowledgesDurableEventsOncePerIntervalWithTheHighestSeq) {
    runtime::CoreOptions options;
    options.bus_endpoint = endpoint_;
    options.log = {dir_ + "/log", eventlog::Sync::never};
    options.ack_interval = 300ms;
    runtime::CoreService core(options);
    tests::RawAdapter adapter(context_, endpoint_);
    adapter.send(bus::kind::hello,
                 core::encode(bus::Hello{bus::kProtocolVersion, "xmpp", "xmpp", 0}));
    tests::step_until_busy(core);
    ASSERT_EQ(of_kind(adapter.frames_after(20ms), bus::kind::welcome).size(), 1u);

    // Five turns, one event each, well inside one interval.
    std::vector<Received> acks;
    for (std::uint64_t seq = 1; seq <= 5; ++seq) {
        adapter.send(bus::kind::events, core::encode_event(registration(seq)));
        tests::step_until_busy(core);
        auto got = of_kind(adapter.frames_after(5ms), bus::kind::ack);
        acks.insert(acks.end(), got.begin(), got.end());
    }
    EXPECT_EQ(core.log().last_position(), 5u) << "every event is in the log";
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(core::decode<bus::Ack>(acks[0].body).origin_seq, 1u);

    // A quiet bus: the core's own wait ends in time to send what is due.
    auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < 400ms) core.step(100);
    acks = of_kind(adapter.frames_after(20ms), bus::kind::ack);
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_EQ(core::decode<bus::Ack>(acks[0].body).origin_seq, 5u);
}

}  // namespace
}  // namespace cordgate
