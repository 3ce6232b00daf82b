// The sd_notify seam against a real notification socket: a unix datagram socket bound in a temp
// folder and named by NOTIFY_SOCKET, as systemd does for a Type=notify service.

#include <common/service_notify.hpp>

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;
using cordgate::common::ServiceNotifier;
using cordgate::common::WatchdogPacer;

class NotifySocket : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("cordgate-notify-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
        path_ = (dir_ / "notify.sock").string();
        fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        ASSERT_GE(fd_, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        ASSERT_LT(path_.size(), sizeof(addr.sun_path));
        path_.copy(addr.sun_path, path_.size());
        ASSERT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
        ::setenv("NOTIFY_SOCKET", path_.c_str(), 1);
        ::unsetenv("WATCHDOG_USEC");
        ::unsetenv("WATCHDOG_PID");
    }
    void TearDown() override {
        ::unsetenv("NOTIFY_SOCKET");
        ::unsetenv("WATCHDOG_USEC");
        ::unsetenv("WATCHDOG_PID");
        if (fd_ >= 0) ::close(fd_);
        std::filesystem::remove_all(dir_);
    }

    // Every datagram waiting on the socket, in order.
    std::vector<std::string> received() {
        std::vector<std::string> out;
        char buf[4096];
        for (;;) {
            ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
            if (n < 0) break;
            out.emplace_back(buf, static_cast<std::size_t>(n));
        }
        return out;
    }

    std::filesystem::path dir_;
    std::string path_;
    int fd_ = -1;
};

TEST_F(NotifySocket, ReadyArrivesOnceWithItsStatus) {
    ServiceNotifier notifier;
    ASSERT_TRUE(notifier.active());
    EXPECT_FALSE(notifier.ready_sent());
    notifier.ready("serving on ipc:///run/cordgate/bus.sock");
    notifier.ready("component link up");
    EXPECT_TRUE(notifier.ready_sent());
    auto got = received();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0], "READY=1\nSTATUS=serving on ipc:///run/cordgate/bus.sock\n");
    EXPECT_EQ(got[1], "STATUS=component link up\n");
}

TEST_F(NotifySocket, StatusAndStopping) {
    ServiceNotifier notifier;
    notifier.status("waiting for the core");
    notifier.stopping();
    auto got = received();
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0], "STATUS=waiting for the core");
    EXPECT_EQ(got[1], "STOPPING=1");
}

TEST_F(NotifySocket, NoWatchdogPingsWithoutWatchdogUsec) {
    ServiceNotifier notifier;
    EXPECT_FALSE(notifier.watchdog_period());
    notifier.watchdog_ping();
    EXPECT_TRUE(received().empty());
}

TEST_F(NotifySocket, WatchdogPingsAtHalfTheInterval) {
    ::setenv("WATCHDOG_USEC", "2000000", 1);
    ServiceNotifier notifier;
    ASSERT_TRUE(notifier.watchdog_period());
    EXPECT_EQ(*notifier.watchdog_period(), 1s);
    auto t0 = WatchdogPacer::Clock::now();
    notifier.watchdog_ping(t0);
    notifier.watchdog_ping(t0 + 500ms);
    notifier.watchdog_ping(t0 + 999ms);
    notifier.watchdog_ping(t0 + 1s);
    notifier.watchdog_ping(t0 + 1500ms);
    notifier.watchdog_ping(t0 + 2100ms);
    auto got = received();
    EXPECT_EQ(got, (std::vector<std::string>{"WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1"}));
}

TEST_F(NotifySocket, WatchdogForAnotherProcessIsNotOurs) {
    // systemd sets WATCHDOG_PID to the main process; a child that inherited it must not ping.
    ::setenv("WATCHDOG_USEC", "2000000", 1);
    ::setenv("WATCHDOG_PID", std::to_string(::getpid() + 1).c_str(), 1);
    ServiceNotifier notifier;
    EXPECT_FALSE(notifier.watchdog_period());
    notifier.watchdog_ping();
    EXPECT_TRUE(received().empty());
}

TEST_F(NotifySocket, NothingIsSentWithoutNotifySocket) {
    ::unsetenv("NOTIFY_SOCKET");
    ::setenv("WATCHDOG_USEC", "2000000", 1);
    ServiceNotifier notifier;
    EXPECT_FALSE(notifier.active());
    notifier.ready("x");
    notifier.status("y");
    notifier.watchdog_ping();
    notifier.stopping();
    EXPECT_FALSE(notifier.ready_sent());
    EXPECT_TRUE(received().empty());
}

TEST(WatchdogPacer, DueFirstThenEveryPeriod) {
    WatchdogPacer pacer(300ms);
    EXPECT_EQ(pacer.period(), 150ms);
    auto t0 = WatchdogPacer::Clock::now();
    EXPECT_TRUE(pacer.due(t0));
    pacer.pinged(t0);
    EXPECT_FALSE(pacer.due(t0 + 149ms));
    EXPECT_TRUE(pacer.due(t0 + 150ms));
}

}  // namespace
