// cordgate-discord's file transfers against the emulator: a signed CDN attachment re-hosted
// into an upload URL (the emulator's own stand-in for a storage bucket) after its URL expired,
// a file from an allowed host uploaded through Discord's upload flow, and the refusals.

#include "live_harness.hpp"

#include <tests/emulator/cdn.hpp>

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace cordgate::tests::discord {
namespace {

using namespace std::chrono_literals;

// The emulator's bytes of a made-up attachment (tests/emulator/attachment_store.hpp).
std::string attachment_bytes(std::uint64_t id, std::size_t size) {
    std::string out(size, '\0');
    for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<char>((i + id % 251) % 251);
    return out;
}

std::string sha256_base64(const std::string& data) {
    unsigned char md[32];
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr);
    unsigned char out[64];
    const int n = EVP_EncodeBlock(out, md, static_cast<int>(len));
    return std::string(reinterpret_cast<char*>(out), static_cast<std::size_t>(n));
}

std::string file_bytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

struct Posted {
    std::string url;
    std::uint64_t id = 0;
};

// bob posts a file of `size` bytes in his DM with alice.
Posted bob_posts_file(Live& live, std::size_t size, const std::string& name = "photo.png") {
    auto m = live.control("POST", "/_emulator/message",
                          std::string(R"({"channel_id":")") + kDm + R"(","author_id":")" + kBob +
                              R"(","content":"","attachments":[{"filename":")" + name +
                              R"(","size":)" + std::to_string(size) + "}]}");
    Posted p;
    p.url = m["attachments"][0]["url"].GetString();
    p.id = std::stoull(m["attachments"][0]["id"].GetString());
    return p;
}

// An upload URL at the emulator, as alice's official client would get one.
struct Slot {
    std::string put_url;
    std::string upload_filename;
};
Slot upload_slot(Live& live, std::size_t size) {
    auto r = http(
        live.port(), "POST", std::string("/api/v9/channels/") + kDm + "/attachments",
        R"({"files":[{"id":"0","filename":"copy.bin","file_size":)" + std::to_string(size) + "}]}",
        "alice-token");
    rapidjson::Document d;
    d.Parse(r.body.c_str());
    EXPECT_TRUE(d.IsObject() && d.HasMember("attachments")) << r.status << r.body;
    if (!d.IsObject() || !d.HasMember("attachments")) return Slot{};
    return Slot{d["attachments"][0]["upload_url"].GetString(),
                d["attachments"][0]["upload_filename"].GetString()};
}

int requests_to(Live& live, std::string_view method, std::string_view path_end) {
    int n = 0;
    auto log = live.requests();
    for (const auto& r : log["requests"].GetArray())
        if (method == r["method"].GetString() &&
            std::string_view(r["path"].GetString()).ends_with(path_end))
            ++n;
    return n;
}

const core::DiscordFileRehosted* rehosted(Live& live, const std::string& request_id) {
    static std::vector<core::DiscordFileRehosted> seen;
    seen = live.events_of<core::DiscordFileRehosted>();
    for (const auto& e : seen)
        if (e.request_id == request_id) return &e;
    return nullptr;
}

TEST(LiveFiles, ExpiredCdnUrlIsRefreshedAndStreamedToTheSlot) {
    Live live;
    login_alice(live);
    constexpr std::size_t kSize = 3 * 1024 * 1024 + 17;
    const Posted file = bob_posts_file(live, kSize);
    // The CDN moves past the URL's expiry; the adapter's own clock still thinks it valid, so
    // the CDN's 404 is what sends it to refresh.
    live.control("POST", "/_emulator/cdn", R"({"advance_s": 1300000})");
    const Slot slot = upload_slot(live, kSize);

    core::RehostDiscordFile r;
    r.request_id = "f1";
    r.source_url = file.url;
    r.size = kSize;
    r.content_type = "image/png";
    r.put_url = slot.put_url;
    r.put_headers = {core::HttpHeader{"Authorization", "Bearer slot-token"}};
    r.max_bytes = 10u << 20;
    live.send_effect(kUser, r);
    ASSERT_TRUE(live.wait([&] { return rehosted(live, "f1") != nullptr; }, 20s))
        << live.adapter_log();
    const auto* answer = rehosted(live, "f1");
    ASSERT_TRUE(answer->ok) << answer->error.value_or("");
    EXPECT_EQ(answer->bytes, kSize);
    const std::string expected = attachment_bytes(file.id, kSize);
    EXPECT_EQ(answer->sha256_base64, sha256_base64(expected));
    EXPECT_EQ(requests_to(live, "POST", "/attachments/refresh-urls"), 1);

    // What reached the upload URL is the file: it becomes a message's attachment with those
    // bytes.
    auto sent = http(
        live.port(), "POST", std::string("/api/v9/channels/") + kDm + "/messages",
        R"({"content":"","attachments":[{"id":"0","filename":"copy.bin","uploaded_filename":")" +
            slot.upload_filename + R"("}]})",
        "alice-token");
    ASSERT_EQ(sent.status, 200) << sent.body;
    rapidjson::Document m;
    m.Parse(sent.body.c_str());
    const std::string copy_url = m["attachments"][0]["url"].GetString();
    auto got =
        http(live.port(), "GET", copy_url.substr(std::string("https://cdn.discordapp.com").size()));
    ASSERT_EQ(got.status, 200);
    EXPECT_TRUE(got.body == expected) << got.body.size();
}

TEST(LiveFiles, RehostRefusesUrlsOffDiscordsCdnAndFilesOverTheCap) {
    Live live;
    login_alice(live);
    const Posted file = bob_posts_file(live, 5000);
    const Slot slot = upload_slot(live, 5000);
    core::RehostDiscordFile r;
    r.request_id = "elsewhere";
    r.source_url = "https://example.org/attachments/1/2/x.png";
    r.size = 5000;
    r.put_url = slot.put_url;
    r.max_bytes = 10u << 20;
    live.send_effect(kUser, r);
    r.request_id = "capped";
    r.source_url = file.url;
    r.max_bytes = 4000;
    live.send_effect(kUser, r);
    ASSERT_TRUE(
        live.wait([&] { return rehosted(live, "elsewhere") && rehosted(live, "capped"); }, 10s))
        << live.adapter_log();
    EXPECT_FALSE(rehosted(live, "elsewhere")->ok);
    EXPECT_NE(rehosted(live, "elsewhere")->error->find("Discord's CDN"), std::string::npos);
    EXPECT_FALSE(rehosted(live, "capped")->ok);
    EXPECT_NE(rehosted(live, "capped")->error->find("more than the 4000"), std::string::npos)
        << *rehosted(live, "capped")->error;
}

const core::DiscordFileProbed* probed(Live& live, const std::string& request_id) {
    static std::vector<core::DiscordFileProbed> seen;
    seen = live.events_of<core::DiscordFileProbed>();
    for (const auto& e : seen)
        if (e.request_id == request_id) return &e;
    return nullptr;
}

// A sticker's and an embed image's size comes from the CDN's answer head, without a refresh
// (they are not signed) and without reading the image; other hosts are refused unasked.
TEST(LiveFiles, AProbeTellsTheSizeAndTypeOfUnsignedMediaAndRefusesOtherHosts) {
    Live live;
    login_alice(live);
    const std::pair<const char*, const char*> asked[] = {
        {"png", "https://cdn.discordapp.com/stickers/749054660769218631.png"},
        {"gif", "https://media.discordapp.net/stickers/749054660769218633.gif"},
        {"ext", "https://images-ext-1.discordapp.net/external/q/https/w.example/sun.png"},
        {"elsewhere", "https://w.example/sun.png"},
        {"missing", "https://cdn.discordapp.com/stickers/nope.png"}};
    for (const auto& [id, url] : asked) live.send_effect(kUser, core::ProbeDiscordFile{id, url});
    ASSERT_TRUE(live.wait(
        [&] {
            for (const auto& [id, url] : asked)
                if (!probed(live, id)) return false;
            return true;
        },
        10s))
        << live.adapter_log();
    const auto* png = probed(live, "png");
    ASSERT_TRUE(png->ok) << png->error.value_or("");
    EXPECT_EQ(png->content_type, "image/png");
    EXPECT_EQ(png->bytes, emulator::labelled_png("sticker 749054660769218631").size());
    const auto* gif = probed(live, "gif");
    ASSERT_TRUE(gif->ok) << gif->error.value_or("");
    EXPECT_EQ(gif->content_type, "image/gif");
    EXPECT_EQ(gif->bytes, emulator::labelled_gif("sticker 749054660769218633").size());
    ASSERT_TRUE(probed(live, "ext")->ok);
    EXPECT_FALSE(probed(live, "elsewhere")->ok);
    EXPECT_NE(probed(live, "elsewhere")->error->find("Discord's media hosts"), std::string::npos);
    EXPECT_FALSE(probed(live, "missing")->ok);
    EXPECT_EQ(requests_to(live, "POST", "/attachments/refresh-urls"), 0);
}

core::UploadDiscordAttachment upload_from(const std::string& url, const std::string& nonce) {
    core::UploadDiscordAttachment u;
    u.channel_id = core::Snowflake::parse(kDm);
    u.content = "";
    u.nonce = nonce;
    u.filename = "voice.ogg";
    u.content_type = "audio/ogg";
    u.source_url = url;
    return u;
}

std::string failure_of(Live& live, std::uint64_t effect_id) {
    for (const auto& f : live.events_of<core::DiscordEffectFailed>())
        if (f.effect_id == effect_id) return f.reason;
    return "";
}

TEST(LiveFiles, FileFromAnAllowedHostArrivesAsARealAttachment) {
    LiveOptions o;
    o.files_toml = "upload_hosts = [\"127.0.0.1:{port}\"]\nallow_private_hosts = true\n";
    Live live(o);
    login_alice(live);
    // The source: a file on the emulator's port, which this test allows as the upload host.
    const Posted file = bob_posts_file(live, 200'000, "voice.ogg");
    const std::string source = "http://127.0.0.1:" + std::to_string(live.port()) +
                               file.url.substr(std::string("https://cdn.discordapp.com").size());
    live.send_effect(kUser, upload_from(source, "n-voice"));
    ASSERT_TRUE(live.wait(
        [&] {
            auto msgs = live.control("GET", std::string("/_emulator/messages?channel_id=") + kDm);
            for (const auto& m : msgs.GetArray())
                if (std::string_view(m["author"]["id"].GetString()) == kAlice &&
                    m["attachments"].Size() == 1)
                    return true;
            return false;
        },
        20s))
        << live.adapter_log();
    auto msgs = live.control("GET", std::string("/_emulator/messages?channel_id=") + kDm);
    const rapidjson::Value* mine = nullptr;
    for (const auto& m : msgs.GetArray())
        if (std::string_view(m["author"]["id"].GetString()) == kAlice) mine = &m;
    ASSERT_TRUE(mine);
    const auto& a = (*mine)["attachments"][0];
    EXPECT_EQ(std::string(a["filename"].GetString()), "voice.ogg");
    EXPECT_EQ(a["size"].GetUint64(), 200'000u);
    EXPECT_EQ(std::string(a["content_type"].GetString()), "audio/ogg");
    // The official client's flow, not multipart.
    EXPECT_EQ(requests_to(live, "POST", std::string("/channels/") + kDm + "/attachments"), 1);
    auto log = live.requests();
    bool named_upload = false;
    for (const auto& r : log["requests"].GetArray())
        if (std::string_view(r["path"].GetString()).ends_with("/messages") &&
            r["body"].IsObject() && r["body"].HasMember("attachments"))
            named_upload |= r["body"]["attachments"][0].HasMember("uploaded_filename");
    EXPECT_TRUE(named_upload);
    const std::string url = a["url"].GetString();
    auto got =
        http(live.port(), "GET", url.substr(std::string("https://cdn.discordapp.com").size()));
    EXPECT_TRUE(got.body == attachment_bytes(file.id, 200'000));
}

TEST(LiveFiles, UploadsFromElsewhereRedirectsLoopbackAndOversizedFilesAreRefused) {
    LiveOptions o;
    // The emulator's port is allowed, but loopback is not: the host resolves to 127.0.0.1.
    o.files_toml =
        "upload_hosts = [\"127.0.0.1:{port}\", \"localhost:{port}\"]\n"
        "discord_upload_limit_mib = 1\n";
    Live live(o);
    login_alice(live);
    const Posted file = bob_posts_file(live, 1000);
    const std::string path = file.url.substr(std::string("https://cdn.discordapp.com").size());
    const std::string here = "http://127.0.0.1:" + std::to_string(live.port());
    const auto other_host = live.send_effect(kUser, upload_from("https://example.org/f.ogg", "n1"));
    const auto loopback = live.send_effect(kUser, upload_from(here + path, "n2"));
    ASSERT_TRUE(live.wait([&] { return !failure_of(live, loopback).empty(); }, 10s))
        << live.adapter_log();
    EXPECT_NE(failure_of(live, other_host).find("upload host"), std::string::npos)
        << failure_of(live, other_host);
    EXPECT_NE(failure_of(live, loopback).find("private or loopback"), std::string::npos)
        << failure_of(live, loopback);
    EXPECT_EQ(requests_to(live, "POST", "/attachments"), 0);
}

TEST(LiveFiles, RedirectsAreNotFollowedAndDiscordsLimitHolds) {
    LiveOptions o;
    o.files_toml =
        "upload_hosts = [\"127.0.0.1:{port}\"]\nallow_private_hosts = true\n"
        "discord_upload_limit_mib = 1\n";
    Live live(o);
    login_alice(live);
    const Posted big = bob_posts_file(live, 2u << 20);
    const std::string here = "http://127.0.0.1:" + std::to_string(live.port());
    const std::string big_path = big.url.substr(std::string("https://cdn.discordapp.com").size());
    const auto redirect = live.send_effect(
        kUser, upload_from(here + "/_redirect?to=https%3A%2F%2Fexample.org%2Fx", "n3"));
    const auto too_big = live.send_effect(kUser, upload_from(here + big_path, "n4"));
    ASSERT_TRUE(live.wait(
        [&] { return !failure_of(live, redirect).empty() && !failure_of(live, too_big).empty(); },
        10s))
        << live.adapter_log();
    EXPECT_NE(failure_of(live, redirect).find("redirect"), std::string::npos)
        << failure_of(live, redirect);
    EXPECT_NE(failure_of(live, too_big).find("larger than Discord's limit of 1 MiB"),
              std::string::npos)
        << failure_of(live, too_big);
    EXPECT_EQ(requests_to(live, "POST", "/attachments"), 0);
}

// cordgate's own store ([files] store_dir): the file written whole under its name, nothing
// left half-written; a file larger than the quota and a name that is a path are refused.
TEST(LiveFiles, ACopyForTheOwnStoreIsWrittenWholeUnderItsName) {
    LiveOptions o;
    o.files_toml = "store_dir = \"store\"\nstore_quota_mib = 1\n";
    Live live(o);
    login_alice(live);
    constexpr std::size_t kSize = 700 * 1024 + 3;
    const Posted file = bob_posts_file(live, kSize);
    const std::string name = "0123456789abcdef0123456789abcdef/photo.png";
    core::RehostDiscordFile r;
    r.request_id = "s1";
    r.source_url = file.url;
    r.size = kSize;
    r.put_url = "cordgate-store:" + name;
    r.max_bytes = 10u << 20;
    live.send_effect(kUser, r);
    const Posted big = bob_posts_file(live, 2 * 1024 * 1024, "big.bin");
    r.request_id = "s2";
    r.source_url = big.url;
    r.size = 2 * 1024 * 1024;
    r.put_url = "cordgate-store:fedcba9876543210fedcba9876543210/big.bin";
    live.send_effect(kUser, r);
    r.request_id = "s3";
    r.source_url = file.url;
    r.size = kSize;
    r.put_url = "cordgate-store:0123456789abcdef0123456789abcdef/../../escape.png";
    live.send_effect(kUser, r);
    ASSERT_TRUE(live.wait(
        [&] { return rehosted(live, "s1") && rehosted(live, "s2") && rehosted(live, "s3"); }, 20s))
        << live.adapter_log();

    const auto* answer = rehosted(live, "s1");
    ASSERT_TRUE(answer->ok) << answer->error.value_or("");
    const std::string expected = attachment_bytes(file.id, kSize);
    EXPECT_EQ(answer->sha256_base64, sha256_base64(expected));
    EXPECT_TRUE(file_bytes(live.dir() / "store" / name) == expected);
    EXPECT_FALSE(std::filesystem::exists(live.dir() / "store" /
                                         "0123456789abcdef0123456789abcdef/.photo.png.part"));

    EXPECT_FALSE(rehosted(live, "s2")->ok);
    EXPECT_NE(rehosted(live, "s2")->error->find("quota"), std::string::npos)
        << *rehosted(live, "s2")->error;
    EXPECT_FALSE(
        std::filesystem::exists(live.dir() / "store" / "fedcba9876543210fedcba9876543210"));
    EXPECT_FALSE(rehosted(live, "s3")->ok);
    EXPECT_FALSE(std::filesystem::exists(live.dir() / "escape.png"));
}

}  // namespace
}  // namespace cordgate::tests::discord
