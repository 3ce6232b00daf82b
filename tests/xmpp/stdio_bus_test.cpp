// The stdio bus: events out as numbered JSON lines, effects in, resent effect ids skipped.

#include <adapters/xmpp/stdio_bus.hpp>

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

namespace cordgate::adapters::xmpp {
namespace {

std::string effect_line(std::uint64_t id) {
    core::Effect e;
    e.id = id;
    e.cause = 1;
    e.user = "romeo@localhost";
    e.payload =
        core::SendXmppIqResult{"discord.localhost", "romeo@localhost/a", "q" + std::to_string(id)};
    return core::encode_effect(e) + "\n";
}

class XmppStdioBus : public ::testing::Test {
  protected:
    int fds[2]{-1, -1};
    std::FILE* out = nullptr;
    void SetUp() override {
        ASSERT_EQ(::pipe(fds), 0);
        out = std::tmpfile();
        ASSERT_NE(out, nullptr);
    }
    void TearDown() override {
        if (fds[0] >= 0) ::close(fds[0]);
        if (fds[1] >= 0) ::close(fds[1]);
        if (out) std::fclose(out);
    }
    void write_in(const std::string& text) {
        ASSERT_EQ(::write(fds[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
    }
};

TEST_F(XmppStdioBus, RepeatedEffectIdsAreSkipped) {
    StdioBus bus(fds[0], out);
    std::vector<std::uint64_t> taken;
    auto take = [&](const core::Effect& e) {
        taken.push_back(e.id);
        return true;
    };
    write_in(effect_line(1) + effect_line(2) + effect_line(1) + effect_line(2) + effect_line(3));
    bus.poll(std::chrono::milliseconds(100), take);
    // A resend after the handler took them (the core says hello again) is skipped too.
    write_in(effect_line(3) + effect_line(4));
    bus.poll(std::chrono::milliseconds(100), take);
    EXPECT_EQ(taken, (std::vector<std::uint64_t>{1, 2, 3, 4}));
}

TEST_F(XmppStdioBus, AnEffectNotTakenIsOfferedAgainButNotQueuedTwice) {
    StdioBus bus(fds[0], out);
    std::vector<std::uint64_t> offered;
    bool accept = false;
    auto handler = [&](const core::Effect& e) {
        offered.push_back(e.id);
        return accept;
    };
    write_in(effect_line(7));
    bus.poll(std::chrono::milliseconds(100), handler);
    write_in(effect_line(7));
    accept = true;
    bus.poll(std::chrono::milliseconds(100), handler);
    bus.poll(std::chrono::milliseconds(10), handler);
    EXPECT_EQ(offered, (std::vector<std::uint64_t>{7, 7}));
}

TEST_F(XmppStdioBus, EventsAreNumberedLines) {
    StdioBus bus(fds[0], out);
    core::Event e;
    e.origin = "xmpp";
    e.user = "romeo@localhost";
    e.payload = core::XmppUnregister{"discord.localhost"};
    bus.publish(e);
    bus.publish(e);
    std::rewind(out);
    char line[512];
    ASSERT_NE(std::fgets(line, sizeof line, out), nullptr);
    EXPECT_EQ(core::decode_event(line).origin_seq, 1u);
    ASSERT_NE(std::fgets(line, sizeof line, out), nullptr);
    EXPECT_EQ(core::decode_event(line).origin_seq, 2u);
}

}  // namespace
}  // namespace cordgate::adapters::xmpp
