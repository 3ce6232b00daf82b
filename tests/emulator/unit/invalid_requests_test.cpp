#include <tests/emulator/invalid_requests.hpp>

#include <gtest/gtest.h>

namespace cordgate::tests::emulator {
namespace {

TEST(InvalidRequests, WhatCounts) {
    EXPECT_TRUE(InvalidRequests::counts(401, ""));
    EXPECT_TRUE(InvalidRequests::counts(403, ""));
    EXPECT_TRUE(InvalidRequests::counts(429, "user"));
    EXPECT_TRUE(InvalidRequests::counts(429, "global"));
    EXPECT_FALSE(InvalidRequests::counts(429, "shared"));
    EXPECT_FALSE(InvalidRequests::counts(404, ""));
    EXPECT_FALSE(InvalidRequests::counts(400, ""));
    EXPECT_FALSE(InvalidRequests::counts(502, ""));
}

TEST(InvalidRequests, OverTheThresholdBansTheAddressForTheBanTime) {
    InvalidRequests ir;
    ir.set_policy({3, 1000, 5000});
    for (int i = 0; i < 3; ++i) ir.record("10.0.0.1", 100);
    EXPECT_FALSE(ir.banned("10.0.0.1", 100));
    ir.record("10.0.0.1", 200);
    EXPECT_TRUE(ir.banned("10.0.0.1", 200));
    EXPECT_FALSE(ir.banned("10.0.0.2", 200)) << "per address";
    EXPECT_TRUE(ir.banned("10.0.0.1", 5199));
    EXPECT_FALSE(ir.banned("10.0.0.1", 5200));
    JsonOut j;
    ir.write(j, 300);
    EXPECT_EQ(j.take(),
              R"({"threshold":3,"window_ms":1000,"ban_ms":5000,"addresses":[{"address":)"
              R"("10.0.0.1","count":0,"total":4,"banned":true,"ban_remaining_ms":4900}]})");
}

TEST(InvalidRequests, TheWindowStartsOver) {
    InvalidRequests ir;
    ir.set_policy({3, 1000, 5000});
    for (int i = 0; i < 3; ++i) ir.record("a", 0);
    ir.record("a", 1000);  // a new window: 1 of 3
    ir.record("a", 1500);
    ir.record("a", 1999);
    EXPECT_FALSE(ir.banned("a", 1999));
    ir.record("a", 1999);
    EXPECT_TRUE(ir.banned("a", 1999));
}

TEST(InvalidRequests, TheBanIsCloudflaresHtmlWithoutRetryAfter) {
    const HttpResponse r = cloudflare_ban_response();
    EXPECT_EQ(r.status, 429);
    bool html = false;
    for (const auto& [k, v] : r.headers) {
        EXPECT_NE(k, "Retry-After");
        if (k == "Content-Type") html = v.rfind("text/html", 0) == 0;
    }
    EXPECT_TRUE(html);
    EXPECT_NE(r.body.find("Error</span> <span class=\"cf-error-code\">1015"), std::string::npos);
}

}  // namespace
}  // namespace cordgate::tests::emulator
