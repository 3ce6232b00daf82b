#include <tests/emulator/form_limits.hpp>

#include <gtest/gtest.h>

namespace cordgate::tests::emulator {
namespace {

TEST(FormLimits, CountsCodePointsNotBytes) {
    EXPECT_EQ(code_points(""), 0u);
    EXPECT_EQ(code_points("abc"), 3u);
    EXPECT_EQ(code_points("\xC3\xA9"), 1u);          // é
    EXPECT_EQ(code_points("\xF0\x9F\x91\x8D"), 1u);  // 👍
}

TEST(FormLimits, TwoThousandEmojiPassTwoThousandAndOneLettersDoNot) {
    std::string emoji;
    for (int i = 0; i < 2000; ++i) emoji += "\xF0\x9F\x91\x8D";
    EXPECT_FALSE(check_content_length(emoji));
    EXPECT_FALSE(check_content_length(std::string(2000, 'a')));
    const auto r = check_content_length(std::string(2001, 'a'));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
    EXPECT_EQ(
        r->body,
        R"({"message":"Invalid Form Body","code":50035,"errors":{"content":{"_errors":)"
        R"([{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 2000 or fewer in length."}]}}})");
}

}  // namespace
}  // namespace cordgate::tests::emulator
