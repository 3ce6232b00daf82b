// discord.fetch_avatar in the adapter: paced CDN fetches, one per (user, avatar) however many
// ask, remembered answers, a bounded queue. The CDN and the clock are the test's.

#include <adapters/discord/avatar_fetcher.hpp>
#include <adapters/discord/encodings.hpp>

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace cordgate::adapters::discord {
namespace {

using core::Snowflake;

struct Rig {
    Millis now = 0;
    std::vector<std::pair<std::string, std::function<void(HttpResponse)>>> asked;
    std::vector<std::pair<std::string, core::DiscordAvatar>> published;
    AvatarFetcher fetcher{[this](const std::string& path, std::function<void(HttpResponse)> done) {
                              asked.emplace_back(path, std::move(done));
                          },
                          "/cdn",
                          [this](const std::string& user, core::EventPayload p) {
                              published.emplace_back(user,
                                                     std::get<core::DiscordAvatar>(std::move(p)));
                          },
                          [this] { return now; }, AvatarPacer::Options{10, 2, 2}};

    void answer(std::size_t i, std::string body, int status = 200) {
        HttpResponse r;
        r.status = status;
        r.body = std::move(body);
        r.headers["content-type"] = "image/png";
        auto done = std::move(asked.at(i).second);
        done(std::move(r));
    }
};

TEST(AvatarFetcher, FetchesFromTheCdnAndAnswersWithTheSha1) {
    Rig rig;
    rig.fetcher.request("romeo@localhost", Snowflake{42}, "a_0123");
    ASSERT_EQ(rig.asked.size(), 1u);
    EXPECT_EQ(rig.asked[0].first, "/cdn/avatars/42/a_0123.png?size=128");
    rig.answer(0, "png bytes");
    ASSERT_EQ(rig.published.size(), 1u);
    EXPECT_EQ(rig.published[0].first, "romeo@localhost");
    const auto& a = rig.published[0].second;
    EXPECT_EQ(a.user_id, Snowflake{42});
    EXPECT_EQ(a.avatar, "a_0123");
    EXPECT_EQ(a.sha1, sha1_hex("png bytes"));
    EXPECT_EQ(a.image_type, "image/png");
    EXPECT_EQ(a.bytes, 9u);
}

TEST(AvatarFetcher, OneFetchPerUserAndAvatarWhoeverAsks) {
    Rig rig;
    rig.fetcher.request("romeo@localhost", Snowflake{42}, "h");
    rig.fetcher.request("romeo@localhost", Snowflake{42}, "h");   // the effect again
    rig.fetcher.request("juliet@localhost", Snowflake{42}, "h");  // another user's friend too
    ASSERT_EQ(rig.asked.size(), 1u);
    rig.answer(0, "x");
    ASSERT_EQ(rig.published.size(), 2u);  // each user once
    EXPECT_EQ(rig.published[0].first, "juliet@localhost");
    EXPECT_EQ(rig.published[1].first, "romeo@localhost");
    // Asked again later (a new READY): answered from memory, no request.
    rig.fetcher.request("romeo@localhost", Snowflake{42}, "h");
    EXPECT_EQ(rig.asked.size(), 1u);
    ASSERT_EQ(rig.published.size(), 3u);
    EXPECT_EQ(rig.published[2].second.sha1, sha1_hex("x"));
    // A new hash is a new image.
    rig.fetcher.request("romeo@localhost", Snowflake{42}, "h2");
    EXPECT_EQ(rig.asked.size(), 2u);
}

TEST(AvatarFetcher, PacedByTheBucketAndTheSlots) {
    Rig rig;  // 10/s, burst 2, 2 underway
    for (int i = 0; i < 6; ++i) rig.fetcher.request("romeo@localhost", Snowflake{100u + i}, "h");
    EXPECT_EQ(rig.asked.size(), 2u);  // the burst
    rig.now = 1000;
    rig.fetcher.pump();
    EXPECT_EQ(rig.asked.size(), 2u);  // both slots taken
    rig.answer(0, "a");
    rig.answer(1, "b");
    EXPECT_EQ(rig.asked.size(), 4u);  // each answer frees a slot; the bucket has refilled
    rig.answer(2, "c");
    EXPECT_EQ(rig.asked.size(), 4u);  // a slot, but no token: the burst was spent at t=1000
    rig.now = 1100;
    rig.fetcher.pump();
    EXPECT_EQ(rig.asked.size(), 5u);
    EXPECT_EQ(rig.fetcher.waiting(), 3u);
}

TEST(AvatarFetcher, AFailedFetchIsAnsweredWithoutAHashAndNotRemembered) {
    Rig rig;
    rig.fetcher.request("romeo@localhost", Snowflake{42}, "h");
    rig.answer(0, "404: Not Found", 404);
    ASSERT_EQ(rig.published.size(), 1u);
    EXPECT_FALSE(rig.published[0].second.sha1);
    rig.now = 1000;
    rig.fetcher.request("romeo@localhost", Snowflake{42}, "h");
    EXPECT_EQ(rig.asked.size(), 2u);  // tried again
}

TEST(AvatarFetcher, AHashNoCdnPathCanHoldIsAnsweredAtOnce) {
    Rig rig;
    rig.fetcher.request("romeo@localhost", Snowflake{42}, "../../etc/passwd");
    EXPECT_TRUE(rig.asked.empty());
    ASSERT_EQ(rig.published.size(), 1u);
    EXPECT_FALSE(rig.published[0].second.sha1);
}

TEST(AvatarFetcher, TheQueueIsBounded) {
    Rig rig;
    for (std::size_t i = 0; i < AvatarFetcher::kMaxWaiting + 5; ++i) {
        rig.fetcher.request("romeo@localhost", Snowflake{1000 + i}, "h");
    }
    EXPECT_EQ(rig.fetcher.waiting(), AvatarFetcher::kMaxWaiting);
    ASSERT_EQ(rig.published.size(), 5u);  // answered at once, as not fetched
    for (const auto& [user, a] : rig.published) EXPECT_FALSE(a.sha1);
}

}  // namespace
}  // namespace cordgate::adapters::discord
