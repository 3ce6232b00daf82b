// The XMPP adapter's heartbeat: one per interval, one at once when the component link changes,
// with the time the link last went up or down.

#include <adapters/xmpp/health_report.hpp>
#include <common/heartbeat.hpp>

#include <gtest/gtest.h>

namespace cordgate::adapters::xmpp {
namespace {

namespace bus = common::bus;

bus::Heartbeat decoded(const std::optional<std::string>& text) {
    EXPECT_TRUE(text);
    return text ? core::decode<bus::Heartbeat>(*text) : bus::Heartbeat{};
}

TEST(HealthReport, OnePerIntervalAndAtOnceWhenTheLinkChanges) {
    HealthReport report(1000);
    bus::Heartbeat first = decoded(report.update(false, 1000));
    EXPECT_EQ(first.origin, "xmpp");
    EXPECT_EQ(first.started_ms, 1000);
    EXPECT_EQ(first.sent_ms, 1000);
    ASSERT_TRUE(first.component);
    EXPECT_FALSE(first.component->up);
    EXPECT_EQ(first.component->since_ms, 1000);  // down since the start
    EXPECT_FALSE(first.sessions);

    EXPECT_FALSE(report.update(false, 1500));
    bus::Heartbeat up = decoded(report.update(true, 1700));  // the link came up: at once
    EXPECT_TRUE(up.component->up);
    EXPECT_EQ(up.component->since_ms, 1700);
    EXPECT_FALSE(report.update(true, 2600));
    bus::Heartbeat later = decoded(report.update(true, 2700));  // one interval after the last
    EXPECT_TRUE(later.component->up);
    EXPECT_EQ(later.component->since_ms, 1700);
    EXPECT_EQ(later.sent_ms, 2700);
    bus::Heartbeat down = decoded(report.update(false, 2800));
    EXPECT_FALSE(down.component->up);
    EXPECT_EQ(down.component->since_ms, 2800);
}

}  // namespace
}  // namespace cordgate::adapters::xmpp
