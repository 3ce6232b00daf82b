// A real cordgate-core given an event it can never decode (bytes that are not UTF-8 in its
// payload), then a good one from the same origin: the bad one is recorded as core.event_refused
// at its origin_seq, both are acknowledged, and the good one is folded as if nothing happened.

#include "child_process.hpp"

#include <common/bus_protocol.hpp>
#include <eventlog/log.hpp>
#include <tests/runtime/raw_bus.hpp>

#include <gtest/gtest.h>
#include <zmq.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

namespace cordgate {
namespace {

using namespace std::chrono_literals;
namespace bus = common::bus;
using Clock = std::chrono::steady_clock;

// user1's chat message whose body holds the bytes of an encoded lone surrogate (ED B0 80), as
// an adapter that trusted RapidJSON's decoding of "\udc00" published it.
std::string message_not_utf8(std::uint64_t seq) {
    core::Event e;
    e.origin = "xmpp";
    e.origin_seq = seq;
    e.ts = 1;
    e.user = "user1@localhost";
    e.payload = core::XmppMessage{"user1@localhost/pc", "5@discord.localhost", "chat", "m1",
                                  std::nullopt,         "PLACEHOLDER"};
    std::string bytes = core::encode_event(e);
    bytes.replace(bytes.find("PLACEHOLDER"), 11, "a\xed\xb0\x80z");
    return bytes;
}

class RefusedEvent : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/cordgate-refused-XXXXXX";
        dir_ = ::mkdtemp(tmpl);
        endpoint_ = "ipc://" + dir_ + "/bus.sock";
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string dir_;
    std::string endpoint_;
};

TEST_F(RefusedEvent, IsRecordedInItsPlaceAcknowledgedAndDoesNotHoldUpTheNext) {
    tests::ChildProcess core({CORDGATE_CORE_BINARY, "--data-dir", dir_ + "/log", "--bus", endpoint_,
                              "--log-level", "warn"});
    zmq::context_t context;
    tests::RawAdapter xmpp(context, endpoint_);
    xmpp.send(bus::kind::hello, core::encode(bus::Hello{bus::kProtocolVersion, "xmpp", "xmpp", 0}));
    const std::string bad = message_not_utf8(2);
    ASSERT_THROW(core::decode_event(bad), core::CodecError);
    std::string batch;
    bus::append_to_batch(batch, core::encode_event(tests::registration(1)));
    bus::append_to_batch(batch, bad);
    bus::append_to_batch(batch, core::encode_event(tests::registration(3)));
    xmpp.send(bus::kind::events, batch);

    std::uint64_t acked = 0;
    int welcomes = 0;
    std::vector<core::Effect> effects;
    for (auto until = Clock::now() + 10s; Clock::now() < until && acked < 3;) {
        for (const auto& f : xmpp.frames_after(50ms)) {
            if (f.kind == bus::kind::ack) acked = core::decode<bus::Ack>(f.body).origin_seq;
            if (f.kind == bus::kind::welcome) ++welcomes;
            if (f.kind == bus::kind::effects) {
                bus::for_each_in_batch(
                    f.body, [&](std::string_view e) { effects.push_back(core::decode_effect(e)); });
            }
        }
    }
    // Only the welcome that answered the hello: no request to resend from the refused one.
    xmpp.frames_after(1s);  // a resend request comes within the second
    EXPECT_EQ(acked, 3u) << "the refused event, or the one after it, was not acknowledged";
    EXPECT_EQ(welcomes, 1);

    // user1 is told, by the gateway, what was skipped; user3's registration was folded.
    bool told = false, registered = false;
    for (const auto& e : effects) {
        if (const auto* m = std::get_if<core::SendXmppMessage>(&e.payload);
            m && e.user == "user1@localhost" && m->from == "discord.localhost" && m->body) {
            told = m->body->find("xmpp.message") != std::string::npos &&
                   m->body->find("log position 2") != std::string::npos;
        }
        if (e.user == "user3@localhost") registered = true;
    }
    EXPECT_TRUE(told);
    EXPECT_TRUE(registered);

    core.stop(SIGTERM);
    auto log = eventlog::Log::open({dir_ + "/log", eventlog::Sync::never});
    ASSERT_EQ(log->last_position(), 3u);
    std::vector<core::Event> logged;
    log->read_events(1, 3, [&](std::uint64_t, std::string_view bytes) {
        logged.push_back(core::decode_event(bytes));
        return true;
    });
    ASSERT_EQ(logged.size(), 3u);
    EXPECT_EQ(logged[1].origin, "xmpp");
    EXPECT_EQ(logged[1].origin_seq, 2u);
    EXPECT_EQ(logged[1].user, "user1@localhost");
    const auto* refused = std::get_if<core::EventRefused>(&logged[1].payload);
    ASSERT_TRUE(refused) << logged[1].type();
    EXPECT_EQ(refused->refused_type, "xmpp.message");
    EXPECT_EQ(refused->bytes, bad.size());
    EXPECT_NE(refused->reason.find("UTF-8"), std::string::npos) << refused->reason;
    EXPECT_EQ(logged[2].origin_seq, 3u);
    EXPECT_TRUE(std::holds_alternative<core::XmppRegister>(logged[2].payload));
}

}  // namespace
}  // namespace cordgate
