#include <adapters/discord/file_policy.hpp>
#include <adapters/discord/file_requests.hpp>

#include <gtest/gtest.h>

namespace cordgate::adapters::discord {
namespace {

FilesConfig hosts(std::vector<std::string> h) {
    FilesConfig c;
    c.upload_hosts = std::move(h);
    return c;
}

TEST(UploadSource, OnlyListedHostsAndPortsAreFetched) {
    const FilesConfig c = hosts({"upload.example.org", "127.0.0.1:5281"});
    auto ok = check_upload_source("https://upload.example.org/f/abc/cat.png", c);
    EXPECT_EQ(ok.verdict, SourceVerdict::allowed);
    EXPECT_EQ(ok.url.target, "/f/abc/cat.png");
    EXPECT_EQ(check_upload_source("https://UPLOAD.example.org/x", c).verdict,
              SourceVerdict::allowed);
    EXPECT_EQ(check_upload_source("http://127.0.0.1:5281/f/x", c).verdict, SourceVerdict::allowed);
    // Another host, another port of a listed host, a look-alike suffix.
    EXPECT_EQ(check_upload_source("https://evil.example.org/x", c).verdict,
              SourceVerdict::host_not_allowed);
    EXPECT_EQ(check_upload_source("https://upload.example.org:8443/x", c).verdict,
              SourceVerdict::host_not_allowed);
    EXPECT_EQ(check_upload_source("https://upload.example.org.evil.net/x", c).verdict,
              SourceVerdict::host_not_allowed);
    EXPECT_EQ(check_upload_source("http://127.0.0.1:5280/f/x", c).verdict,
              SourceVerdict::host_not_allowed);
    // Userinfo tricks and other schemes are not URLs the gateway fetches.
    EXPECT_EQ(check_upload_source("https://upload.example.org@evil.net/x", c).verdict,
              SourceVerdict::malformed);
    EXPECT_EQ(check_upload_source("ftp://upload.example.org/x", c).verdict,
              SourceVerdict::malformed);
    EXPECT_EQ(check_upload_source("wss://upload.example.org/x", c).verdict,
              SourceVerdict::malformed);
    EXPECT_EQ(
        check_upload_source("http://upload.example.org/x", hosts({"upload.example.org"})).verdict,
        SourceVerdict::plain_http_off_loopback);
    EXPECT_EQ(check_upload_source("https://upload.example.org/x", hosts({})).verdict,
              SourceVerdict::host_not_allowed);
}

TEST(UploadSource, RefusalsSayWhy) {
    EXPECT_NE(describe_refusal(SourceVerdict::host_not_allowed, "https://x/y").find("upload host"),
              std::string::npos);
    EXPECT_NE(describe_refusal(SourceVerdict::host_not_allowed, "https://x/y").find("https://x/y"),
              std::string::npos);
}

TEST(AddressRefused, PrivateLoopbackAndLinkLocalUnlessAllowed) {
    for (const char* ip :
         {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
          "0.0.0.0", "100.64.0.1", "224.0.0.1", "::1", "::", "fe80::1", "fd00::1",
          "::ffff:127.0.0.1", "::ffff:10.0.0.1", "ff02::1", "not-an-address"})
        EXPECT_TRUE(address_refused(ip, false)) << ip;
    for (const char* ip :
         {"93.184.216.34", "172.32.0.1", "100.128.0.1", "2001:db8::1", "::ffff:93.184.216.34"})
        EXPECT_FALSE(address_refused(ip, false)) << ip;
    EXPECT_FALSE(address_refused("127.0.0.1", true));
    EXPECT_FALSE(address_refused("::1", true));
    EXPECT_TRUE(address_refused("localhost", true));  // names are resolved first
}

TEST(DiscordCdn, OnlyDiscordsCdnHostsAreReadForRehosting) {
    EXPECT_EQ(
        discord_cdn_target("https://cdn.discordapp.com/attachments/1/2/a.png?ex=1&is=0&hm=a&"),
        "/attachments/1/2/a.png?ex=1&is=0&hm=a&");
    EXPECT_EQ(discord_cdn_target("https://media.discordapp.net/attachments/1/2/a.png"),
              "/attachments/1/2/a.png");
    EXPECT_FALSE(discord_cdn_target("https://cdn.discordapp.com.evil.net/attachments/1/2/a"));
    EXPECT_FALSE(discord_cdn_target("http://cdn.discordapp.com/attachments/1/2/a"));
    EXPECT_FALSE(discord_cdn_target("https://example.org/a.png"));
    // The proxy of embeds' external images, never the external server.
    EXPECT_EQ(discord_cdn_target("https://images-ext-1.discordapp.net/external/x/https/w.ex/a.png"),
              "/external/x/https/w.ex/a.png");
    EXPECT_EQ(discord_cdn_target("https://images-ext-12.discordapp.net/external/y"), "/external/y");
    EXPECT_FALSE(discord_cdn_target("https://images-ext-.discordapp.net/external/y"));
    EXPECT_FALSE(discord_cdn_target("https://images-ext-1.discordapp.net.evil.net/external/y"));
    EXPECT_FALSE(discord_cdn_target("https://images-ext-1x.discordapp.net/external/y"));
}

TEST(DiscordCdn, EachMediaHostIsReadFromItselfUnlessAStandInIsConfigured) {
    const Url discord = *parse_url("https://cdn.discordapp.com");
    auto own = discord_media_source("https://media.discordapp.net/stickers/1.gif", discord);
    ASSERT_TRUE(own);
    EXPECT_EQ(own->host, "media.discordapp.net");
    EXPECT_EQ(own->target, "/stickers/1.gif");
    const Url emulator = *parse_url("http://127.0.0.1:8080/cdn");
    auto stand_in =
        discord_media_source("https://images-ext-2.discordapp.net/external/z?w=1", emulator);
    ASSERT_TRUE(stand_in);
    EXPECT_EQ(stand_in->host, "127.0.0.1");
    EXPECT_EQ(stand_in->port, "8080");
    EXPECT_EQ(stand_in->target, "/cdn/external/z?w=1");
    EXPECT_FALSE(discord_media_source("https://w.example/a.png", emulator));
}

TEST(NeedsRefresh, ExpiredSoonOrUnsigned) {
    // ex=0x65d903de = 1708721118
    const std::string url =
        "https://cdn.discordapp.com/attachments/1/2/a.png?ex=65d903de&is=65c68ede&hm=ab&";
    EXPECT_FALSE(needs_refresh(url, 1708721118 - 3600));
    EXPECT_TRUE(needs_refresh(url, 1708721118 - 30));  // within the margin
    EXPECT_TRUE(needs_refresh(url, 1708721118 + 1));
    EXPECT_TRUE(needs_refresh("https://cdn.discordapp.com/attachments/1/2/a.png", 0));
    EXPECT_TRUE(needs_refresh("https://cdn.discordapp.com/attachments/1/2/a.png?ex=zz&", 0));
    // Only attachments are signed: refresh-urls knows nothing of the rest.
    EXPECT_FALSE(needs_refresh("https://cdn.discordapp.com/stickers/1.png", 0));
    EXPECT_FALSE(needs_refresh("https://images-ext-1.discordapp.net/external/x", 0));
}

TEST(RefreshedUrl, PicksTheAnswerForTheOriginal) {
    const std::string body =
        R"({"refreshed_urls":[{"original":"a","refreshed":"a2"},{"original":"b","refreshed":"b2"}]})";
    EXPECT_EQ(refreshed_url(body, "b"), "b2");
    EXPECT_FALSE(refreshed_url(body, "c"));
    EXPECT_FALSE(refreshed_url("not json", "a"));
}

TEST(FileRequests, TheOfficialClientsUploadFlow) {
    const core::Snowflake ch = *core::Snowflake::parse("42");
    const RestRequest ask = request_upload_url(ch, "note.ogg", 1234, "audio/ogg");
    EXPECT_EQ(ask.method, "POST");
    EXPECT_EQ(ask.path, "/channels/42/attachments");
    EXPECT_EQ(
        ask.body,
        R"({"files":[{"id":"0","filename":"note.ogg","file_size":1234,"original_content_type":"audio/ogg"}]})");
    const auto slot = cloud_upload_of(
        R"({"attachments":[{"id":"0","upload_url":"https://up/x?upload_id=1","upload_filename":"u/note.ogg"}]})");
    ASSERT_TRUE(slot);
    EXPECT_EQ(slot->upload_url, "https://up/x?upload_id=1");
    EXPECT_EQ(slot->upload_filename, "u/note.ogg");
    EXPECT_FALSE(cloud_upload_of(R"({"attachments":[]})"));
    const RestRequest msg = message_with_upload(ch, "hi", "n1", "note.ogg", "u/note.ogg");
    EXPECT_EQ(msg.path, "/channels/42/messages");
    EXPECT_EQ(msg.route, "POST /channels/42/messages");
    EXPECT_EQ(
        msg.body,
        R"({"content":"hi","nonce":"n1","enforce_nonce":true,"attachments":[{"id":"0","filename":"note.ogg","uploaded_filename":"u/note.ogg"}]})");
    EXPECT_EQ(refresh_urls("https://cdn.discordapp.com/attachments/1/2/a").body,
              R"({"attachment_urls":["https://cdn.discordapp.com/attachments/1/2/a"]})");
}

}  // namespace
}  // namespace cordgate::adapters::discord
