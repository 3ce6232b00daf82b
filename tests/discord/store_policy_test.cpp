// What cordgate's own file store keeps (store_policy.hpp): expired files go, then the oldest
// until a new file fits; a file larger than the quota never fits.

#include <adapters/discord/store_policy.hpp>

#include <gtest/gtest.h>

namespace cordgate::adapters::discord {
namespace {

using Names = std::vector<std::string>;

constexpr std::int64_t kNow = 1'800'000'000;
constexpr std::int64_t kDay = 24 * 3600;

StoreLimits limits(std::uint64_t quota, int days) {
    return StoreLimits{quota, std::chrono::seconds(days * kDay)};
}

TEST(StorePolicy, ExpiredFilesGoEvenWithRoomToSpare) {
    std::vector<StoredFile> files{
        {"b", 10, kNow - 40 * kDay}, {"a", 10, kNow - 31 * kDay}, {"c", 10, kNow - 29 * kDay}};
    auto plan = plan_eviction(files, limits(1000, 30), 0, kNow);
    EXPECT_EQ(plan.remove, (Names{"b", "a"}));
    EXPECT_TRUE(plan.fits);
}

TEST(StorePolicy, RoomIsMadeOldestFirstAndNoMore) {
    std::vector<StoredFile> files{
        {"new", 40, kNow - 1}, {"old", 40, kNow - 100}, {"mid", 40, kNow - 50}};
    // 120 stored, quota 150: 30 more fit as they are; 31 need "old" gone; 71 need "mid" too.
    EXPECT_EQ(plan_eviction(files, limits(150, 30), 30, kNow).remove, Names{});
    EXPECT_EQ(plan_eviction(files, limits(150, 30), 31, kNow).remove, Names{"old"});
    EXPECT_EQ(plan_eviction(files, limits(150, 30), 71, kNow).remove, (Names{"old", "mid"}));
    auto all = plan_eviction(files, limits(150, 30), 150, kNow);
    EXPECT_EQ(all.remove, (Names{"old", "mid", "new"}));
    EXPECT_TRUE(all.fits);
}

TEST(StorePolicy, AFileLargerThanTheQuotaNeverFits) {
    std::vector<StoredFile> files{{"a", 10, kNow}};
    auto plan = plan_eviction(files, limits(100, 30), 101, kNow);
    EXPECT_FALSE(plan.fits);
}

TEST(StorePolicy, TiesInAgeAreBrokenByNameWhateverTheListingOrder) {
    std::vector<StoredFile> one{{"b", 10, kNow}, {"a", 10, kNow}};
    std::vector<StoredFile> two{{"a", 10, kNow}, {"b", 10, kNow}};
    EXPECT_EQ(plan_eviction(one, limits(15, 30), 0, kNow).remove, Names{"a"});
    EXPECT_EQ(plan_eviction(two, limits(15, 30), 0, kNow).remove, Names{"a"});
}

}  // namespace
}  // namespace cordgate::adapters::discord
