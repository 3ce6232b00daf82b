// Emulator: PATCH /users/@me with an avatar data URI stores the image, answers the user with
// its new hash (and the token), tells the user's sessions (USER_UPDATE) and serves the bytes
// from the CDN; a data URI that is not an image is 400 code 50035.

#include <tests/emulator/client_profile_check.hpp>
#include <tests/emulator/own_profile.hpp>
#include <tests/emulator/seed.hpp>
#include <tests/emulator/unit/emulator_parts.hpp>
#include <tests/emulator/unit/fake_connection.hpp>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace cordgate::tests::emulator {
namespace {

// A 1x1 PNG with a comment chunk, so its bytes are its own.
const std::string kPng = avatar_png(99, "from-xmpp");

class OwnProfileTest : public ::testing::Test {
  protected:
    void SetUp() override {
        load_seed(parts.world, R"({"users":[{"id":"1","username":"romeo","token":"tr"},
                                             {"id":"2","username":"juliet","token":"tj"}],
                                   "relationships":[{"user_id":"1","target_id":"2","type":1}]})");
    }
    HttpResponse patch(const std::string& body) {
        HttpRequest req;
        req.method = "PATCH";
        req.path = "/api/v9/users/@me";
        req.body = body;
        req.headers["content-type"] = "application/json";
        req.headers["authorization"] = "tr";
        return parts.rest.handle(req);
    }
    HttpResponse cdn_get(const std::string& path) {
        HttpRequest req;
        req.method = "GET";
        req.path = path;
        return *cdn_route(parts.world, req);
    }
    // Every dispatch of type `t` the connection got.
    static std::vector<std::string> dispatches(const FakeConnection& c, const char* t) {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < c.sent.size(); ++i) {
            auto f = c.frame(i);
            if (f.HasMember("t") && f["t"].IsString() && std::string(f["t"].GetString()) == t)
                out.push_back(c.sent[i]);
        }
        return out;
    }
    EmulatorParts parts;
};

TEST_F(OwnProfileTest, AnAvatarDataUriIsStoredAnsweredAnnouncedAndServed) {
    FakeConnection c;
    const auto id = parts.gateway.on_open(c, 10, false);
    parts.gateway.on_text(id, R"({"op":2,"d":{"token":"tr","capabilities":0}})");

    auto r = patch(R"({"avatar":"data:image/png;base64,)" + base64_encode(kPng) + "\"}");
    ASSERT_EQ(r.status, 200) << r.body;
    rapidjson::Document d;
    d.Parse(r.body.c_str());
    ASSERT_TRUE(d["avatar"].IsString());
    const std::string hash = d["avatar"].GetString();
    EXPECT_EQ(hash.size(), 32u);
    EXPECT_EQ(hash, avatar_hash_of(AvatarImage{"image/png", kPng}));
    EXPECT_EQ(std::string(d["token"].GetString()), "tr");
    EXPECT_EQ(parts.world.users.at(1).avatar, hash);

    auto updates = dispatches(c, "USER_UPDATE");
    ASSERT_EQ(updates.size(), 1u);
    EXPECT_NE(updates[0].find(hash), std::string::npos);

    auto image = cdn_get("/avatars/1/" + hash + ".png");
    EXPECT_EQ(image.status, 200);
    EXPECT_EQ(image.body, kPng);
    // The old hash is gone, as on Discord's CDN for a user's current avatar.
    EXPECT_EQ(cdn_get("/avatars/1/deadbeef.png").status, 404);
}

TEST_F(OwnProfileTest, NullRemovesTheAvatar) {
    patch(R"({"avatar":"data:image/png;base64,)" + base64_encode(kPng) + "\"}");
    auto r = patch(R"({"avatar":null})");
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(parts.world.users.at(1).avatar.empty());
    EXPECT_TRUE(parts.world.users.at(1).avatar_image.empty());
}

TEST_F(OwnProfileTest, WhatIsNotAnImageIsAnInvalidFormBody) {
    for (const std::string& bad :
         {std::string("data:image/png;base64,aGVsbG8="), std::string("https://x/y.png"),
          std::string("data:image/svg+xml;base64,") + base64_encode("<svg/>"),
          std::string("data:image/png;base64,!!!")}) {
        auto r = patch(R"({"avatar":")" + bad + "\"}");
        EXPECT_EQ(r.status, 400) << bad;
        EXPECT_NE(r.body.find("50035"), std::string::npos) << r.body;
    }
    EXPECT_TRUE(parts.world.users.at(1).avatar.empty());
}

TEST_F(OwnProfileTest, AGifHashStartsWithA) {
    const std::string gif = "GIF89a\x01\x00\x01\x00";
    EXPECT_EQ(avatar_hash_of(AvatarImage{"image/gif", gif}).substr(0, 2), "a_");
    EXPECT_NE(avatar_hash_of(AvatarImage{"image/png", kPng}).substr(0, 2), "a_");
}

}  // namespace
}  // namespace cordgate::tests::emulator
