// The metrics endpoint's address: loopback only, a port that is a number.

#include <metrics/listen_address.hpp>

#include <gtest/gtest.h>

namespace {

using namespace cordgate::metrics;

ListenAddress ok(std::string_view text) {
    auto parsed = parse_listen_address(text);
    EXPECT_TRUE(std::holds_alternative<ListenAddress>(parsed)) << text;
    if (auto* a = std::get_if<ListenAddress>(&parsed)) return *a;
    return {};
}

std::string problem(std::string_view text) {
    auto parsed = parse_listen_address(text);
    EXPECT_TRUE(std::holds_alternative<std::string>(parsed)) << text;
    if (auto* why = std::get_if<std::string>(&parsed)) return *why;
    return {};
}

TEST(ListenAddress, LoopbackAddressesAreTaken) {
    EXPECT_EQ(ok("127.0.0.1:9464").host, "127.0.0.1");
    EXPECT_EQ(ok("127.0.0.1:9464").port, 9464);
    EXPECT_EQ(ok("127.1.2.3:1").host, "127.1.2.3");
    EXPECT_EQ(ok("localhost:9465").host, "127.0.0.1");
    EXPECT_EQ(ok("[::1]:65535").host, "::1");
}

TEST(ListenAddress, OtherHostsAreRefusedWithTheReason) {
    EXPECT_NE(problem("0.0.0.0:9464").find("not a loopback address"), std::string::npos);
    EXPECT_NE(problem("192.168.1.2:9464").find("not a loopback address"), std::string::npos);
    EXPECT_NE(problem("[::]:9464").find("not a loopback address"), std::string::npos);
    EXPECT_NE(problem("example.org:9464").find("not a loopback address"), std::string::npos);
    EXPECT_NE(problem("::1:9464").find("in brackets"), std::string::npos);
}

TEST(ListenAddress, PortsMustBeNumbersInRange) {
    EXPECT_EQ(problem("127.0.0.1:http"), "port 'http' is not a number");
    EXPECT_EQ(problem("127.0.0.1:"), "port '' is not a number");
    EXPECT_EQ(problem("127.0.0.1:0"), "port 0 is not between 1 and 65535");
    EXPECT_EQ(problem("127.0.0.1:70000"), "port 70000 is not between 1 and 65535");
    EXPECT_NE(problem("127.0.0.1").find("expected HOST:PORT"), std::string::npos);
    EXPECT_NE(problem(":9464").find("expected HOST:PORT"), std::string::npos);
}

}  // namespace
