#include <tests/emulator/client_profile_check.hpp>

#include <gtest/gtest.h>

namespace cordgate::tests::emulator {
namespace {

const std::string kGood = base64_encode(
    R"({"os":"Windows","browser":"Chrome","release_channel":"stable",)"
    R"("client_build_number":350000,"system_locale":"en-US","browser_version":"131.0"})");

std::vector<std::string> kinds(const std::vector<ProfileMismatch>& ms) {
    std::vector<std::string> out;
    for (const auto& m : ms) out.push_back(m.kind);
    return out;
}

rapidjson::Document parse(const char* json) {
    rapidjson::Document d;
    d.Parse(json);
    return d;
}

TEST(Base64, RoundTripsEveryPaddingLength) {
    for (std::string s : {"", "a", "ab", "abc", "abcd", "\xff\x00\x10"}) {
        const auto back = base64_decode(base64_encode(s));
        ASSERT_TRUE(back);
        EXPECT_EQ(*back, s);
    }
    EXPECT_EQ(base64_encode("abcd"), "YWJjZA==");
    EXPECT_EQ(*base64_decode("YWJjZA"), "abcd");  // padding is optional
    EXPECT_FALSE(base64_decode("YW*j"));
    EXPECT_FALSE(base64_decode("YW=j"));
}

TEST(SuperProperties, ParsesTheFiveCheckedFields) {
    std::string why;
    const auto p = parse_super_properties(kGood, &why);
    ASSERT_TRUE(p) << why;
    EXPECT_EQ(p->os, "Windows");
    EXPECT_EQ(p->browser, "Chrome");
    EXPECT_EQ(p->release_channel, "stable");
    EXPECT_EQ(p->client_build_number, 350000);
    EXPECT_EQ(p->system_locale, "en-US");
}

TEST(SuperProperties, NamesWhatIsWrong) {
    std::string why;
    EXPECT_FALSE(parse_super_properties("not base64!", &why));
    EXPECT_EQ(why, "not base64");
    EXPECT_FALSE(parse_super_properties(base64_encode("[1]"), &why));
    EXPECT_EQ(why, "not a JSON object");
    EXPECT_FALSE(parse_super_properties(
        base64_encode(R"({"os":"Linux","browser":"Chrome","release_channel":"stable",)"
                      R"("client_build_number":"350000","system_locale":"en-US"})"),
        &why));
    EXPECT_EQ(why, "client_build_number: missing or not an integer");
    EXPECT_FALSE(parse_super_properties(base64_encode(R"({"os":"Linux"})"), &why));
    EXPECT_EQ(why, "browser: missing or not a string");
}

TEST(ClientProfileCheck, OfficialLookingRestRequestRaisesNothing) {
    ClientProfileCheck c;
    EXPECT_TRUE(
        c.on_rest(1, "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0", &kGood, 9).empty());
}

TEST(ClientProfileCheck, BotUserAgentMissingPropertiesAndV10) {
    ClientProfileCheck c;
    const auto found = c.on_rest(1, "DiscordBot (https://x, 1.0)", nullptr, 10);
    EXPECT_EQ(kinds(found), (std::vector<std::string>{"bot_user_agent", "missing_super_properties",
                                                      "api_version"}));
    EXPECT_EQ(found[2].detail, "REST /api/v10");
    const std::string bad = "%%%";
    EXPECT_EQ(kinds(c.on_rest(1, "Mozilla/5.0", &bad, 9)),
              std::vector<std::string>{"malformed_super_properties"});
    EXPECT_EQ(kinds(c.on_rest(1, "Mozilla/5.0", &kGood, 0)),
              std::vector<std::string>{"api_version"});
}

TEST(ClientProfileCheck, IdentifyMustMatchTheLastRestProperties) {
    ClientProfileCheck c;
    c.on_rest(1, "Mozilla/5.0", &kGood, 9);
    auto same = parse(R"({"token":"t","capabilities":22525,"properties":{"os":"Windows",)"
                      R"("browser":"Chrome","client_build_number":350000}})");
    EXPECT_TRUE(c.on_identify(1, same, 9).empty());
    auto other = parse(R"({"token":"t","properties":{"os":"linux","browser":"cordgate"}})");
    const auto found = c.on_identify(1, other, 10);
    ASSERT_EQ(kinds(found),
              (std::vector<std::string>{"api_version", "identify_properties_mismatch"}));
    EXPECT_EQ(found[1].detail,
              "os: IDENTIFY 'linux', REST 'Windows'; browser: IDENTIFY 'cordgate', REST "
              "'Chrome'; client_build_number: IDENTIFY 'absent', REST '350000'");
    // No REST request seen yet from that user: nothing to compare with.
    EXPECT_TRUE(c.on_identify(2, other, 9).empty());
}

TEST(ClientProfileCheck, CapabilitiesZeroIsCheckedUnlessSwitchedOff) {
    ClientProfileCheck c;
    auto zero = parse(R"({"properties":{"os":"Windows","browser":"Discord Client"}})");
    EXPECT_EQ(kinds(c.on_identify(1, zero, 9)), std::vector<std::string>{"capabilities_zero"});
    c.check_capabilities = false;
    EXPECT_TRUE(c.on_identify(1, zero, 9).empty());
    c.check_capabilities = true;
    auto some = parse(R"({"capabilities":16381,"properties":{"os":"Windows","browser":"Chrome"}})");
    EXPECT_TRUE(c.on_identify(1, some, 9).empty());
    // A library that does not claim to be the official client may send 0.
    auto lib = parse(R"({"capabilities":0,"properties":{"os":"linux","browser":"disco"}})");
    EXPECT_TRUE(c.on_identify(1, lib, 9).empty());
}

TEST(ClientProfileCheck, TheGatewaySocketCarriesTheBrowsersUserAgentAndOrigin) {
    ClientProfileCheck c;
    const std::string browser =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/142.0.0.0 Safari/537.36";
    EXPECT_TRUE(c.on_socket(browser, "https://discord.com").empty());
    EXPECT_EQ(kinds(c.on_socket("DiscordBot (https://x, 1)", "https://discord.com")),
              std::vector<std::string>{"socket_profile"});
    EXPECT_EQ(kinds(c.on_socket(browser, "")), std::vector<std::string>{"socket_profile"});
    EXPECT_EQ(c.on_socket("", "").size(), 2u);
}

}  // namespace
}  // namespace cordgate::tests::emulator
