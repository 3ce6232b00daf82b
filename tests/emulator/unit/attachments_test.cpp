// Signed CDN URLs, their expiry and refresh, the CDN's streamed bytes, and the official
// client's cloud-upload flow, through the REST router, the control API and the CDN route as
// discord-emulator wires them.
#include <tests/emulator/cdn.hpp>
#include <tests/emulator/control_api.hpp>
#include <tests/emulator/seed.hpp>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace cordgate::tests::emulator {
namespace {

class AttachmentsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        load_seed(world,
                  R"({"fixed_clock_ms": 1704067200000,
            "users":[{"id":"1","username":"a","token":"ta"},{"id":"2","username":"b"}],
            "guilds":[{"id":"10","members":[{"user_id":"1"},{"user_id":"2"}],
                       "channels":[{"id":"20"}]}]})");
    }

    HttpResponse call(const std::string& method, const std::string& path, std::string body) {
        HttpRequest req;
        req.method = method;
        const std::size_t q = path.find('?');
        req.path = path.substr(0, q);
        if (q != std::string::npos) {
            req.query_string = path.substr(q + 1);
            req.query = parse_query(req.query_string);
        }
        req.body = std::move(body);
        req.headers["content-type"] = "application/json";
        req.headers["authorization"] = "ta";
        req.headers["host"] = "127.0.0.1:9";
        if (path.rfind("/_emulator/", 0) == 0) return control.handle(req);
        if (path.rfind("/api/", 0) == 0) return rest.handle(req);
        auto cdn = cdn_route(world, req);
        return cdn ? *cdn : HttpResponse::json(599, "not routed");
    }

    // The URL's path and query on the CDN (what the adapter fetches through cdn_base).
    static std::string cdn_target(const std::string& url) {
        return url.substr(std::string("https://cdn.discordapp.com").size());
    }

    static std::string body_of(const HttpResponse& r) {
        if (!r.streamed) return r.body;
        std::string out(r.streamed->size, '\0');
        // In uneven pieces, as a socket would take them.
        std::uint64_t off = 0;
        std::size_t piece = 1;
        while (off < out.size()) {
            const std::size_t n = std::min<std::size_t>(piece, out.size() - off);
            r.streamed->fill(off, out.data() + off, n);
            off += n;
            piece = piece * 3 + 1;
        }
        return out;
    }

    rapidjson::Document json(const HttpResponse& r) {
        rapidjson::Document d;
        d.Parse(r.body.c_str());
        return d;
    }

    std::string post_file(std::uint64_t size, const std::string& name = "cat.png") {
        const auto r = call("POST", "/_emulator/message",
                            R"({"channel_id":"20","author_id":"2","content":"",
                                "attachments":[{"filename":")" +
                                name + R"(","size":)" + std::to_string(size) + "}]}");
        EXPECT_EQ(r.status, 200) << r.body;
        auto d = json(r);
        return d["attachments"][0]["url"].GetString();
    }

    Clock clock{[] { return std::uint64_t{1000}; }, [] { return std::uint64_t{1000}; },
                [] { return std::uint64_t{1000}; }};
    World world;
    Scheduler scheduler = [](std::uint64_t, std::function<void()> fn) { fn(); };
    Gateway gateway{world, scheduler, "ws://x/gateway", 1000};
    Operations ops{world, gateway};
    RestRouter rest{world, ops, clock, "ws://x/gateway"};
    CdnLog cdn;
    ControlApi control{world, ops, gateway, rest, cdn, scheduler, clock};
};

TEST(SignedUrl, CarriesHexTimesAndASignatureThatAnEditBreaks) {
    const AttachmentPath p{20, 30, "a.png"};
    const std::string url = signed_attachment_url(p, 0x65c68ede, 0x127500);
    EXPECT_EQ(
        url.rfind("https://cdn.discordapp.com/attachments/20/30/a.png?ex=65d903de&is=65c68ede&hm=",
                  0),
        0u)
        << url;
    EXPECT_EQ(url.back(), '&');
    const std::string query = url.substr(url.find('?') + 1);
    EXPECT_EQ(check_signature(p, query, 0x65c68ede), Signature::valid);
    EXPECT_EQ(check_signature(p, query, 0x65d903de), Signature::expired);
    std::string later = query;
    later.replace(later.find("65d903de"), 8, "75d903de");
    EXPECT_EQ(check_signature(p, later, 0x65c68ede), Signature::forged);
    EXPECT_EQ(check_signature(AttachmentPath{20, 31, "a.png"}, query, 0x65c68ede),
              Signature::forged);
    EXPECT_EQ(check_signature(p, "", 0), Signature::missing);
}

TEST(SignedUrl, RefreshKeepsOtherParametersAndLeavesForeignUrlsAlone) {
    const std::string old =
        "https://media.discordapp.net/attachments/20/30/a.png?size=64&ex=1&is=0&hm=00&";
    const std::string fresh = refresh_attachment_url(old, 100, 10);
    EXPECT_EQ(fresh.rfind(
                  "https://cdn.discordapp.com/attachments/20/30/a.png?size=64&ex=6e&is=64&hm=", 0),
              0u)
        << fresh;
    EXPECT_EQ(refresh_attachment_url("https://example.org/attachments/1/2/x", 100, 10),
              "https://example.org/attachments/1/2/x");
    EXPECT_EQ(refresh_attachment_url("https://cdn.discordapp.com/avatars/1/2.png", 100, 10),
              "https://cdn.discordapp.com/avatars/1/2.png");
}

TEST_F(AttachmentsTest, ControlMessageCarriesSignedUrlsAndTheCdnStreamsTheBytes) {
    const std::string url = post_file(1'000'003);
    ASSERT_EQ(url.rfind("https://cdn.discordapp.com/attachments/20/", 0), 0u) << url;
    const auto r = call("GET", cdn_target(url), "");
    ASSERT_EQ(r.status, 200) << r.body;
    ASSERT_TRUE(r.streamed);
    EXPECT_TRUE(r.body.empty());
    EXPECT_EQ(r.streamed->size, 1'000'003u);
    const std::string bytes = body_of(r);
    const std::uint64_t id = std::stoull(url.substr(url.find("/20/") + 4));
    for (std::uint64_t i : {0ull, 1ull, 250ull, 251ull, 65'536ull, 1'000'002ull})
        EXPECT_EQ(bytes[i], static_cast<char>((i + id % 251) % 251)) << i;
    bool found = false;
    for (const auto& [k, v] : r.headers) found |= k == "Content-Type" && v == "image/png";
    EXPECT_TRUE(found);
}

TEST_F(AttachmentsTest, ExpiredUrlIs404UntilRefreshed) {
    const std::string url = post_file(10);
    EXPECT_EQ(call("POST", "/_emulator/cdn", R"({"advance_s": 1209601})").status, 200);
    const auto stale = call("GET", cdn_target(url), "");
    EXPECT_EQ(stale.status, 404);
    EXPECT_EQ(stale.body, "This content is no longer available.");

    const auto r = call("POST", "/api/v9/attachments/refresh-urls",
                        R"({"attachment_urls":[")" + url + R"("]})");
    ASSERT_EQ(r.status, 200) << r.body;
    auto d = json(r);
    ASSERT_EQ(d["refreshed_urls"].Size(), 1u);
    EXPECT_EQ(std::string(d["refreshed_urls"][0]["original"].GetString()), url);
    const std::string fresh = d["refreshed_urls"][0]["refreshed"].GetString();
    EXPECT_NE(fresh, url);
    const auto served = call("GET", cdn_target(fresh), "");
    EXPECT_EQ(served.status, 200);
    EXPECT_EQ(body_of(served).size(), 10u);
    // An unsigned URL is not served either.
    EXPECT_EQ(call("GET", cdn_target(url.substr(0, url.find('?'))), "").status, 404);
}

TEST_F(AttachmentsTest, ShortTtlMakesNewUrlsExpireSoon) {
    call("POST", "/_emulator/cdn", R"({"ttl_s": 5})");
    const std::string url = post_file(10);
    EXPECT_EQ(call("GET", cdn_target(url), "").status, 200);
    call("POST", "/_emulator/cdn", R"({"advance_s": 5})");
    EXPECT_EQ(call("GET", cdn_target(url), "").status, 404);
}

TEST_F(AttachmentsTest, RefreshNeedsOneToFiftyUrls) {
    EXPECT_EQ(call("POST", "/api/v9/attachments/refresh-urls", R"({"attachment_urls":[]})").status,
              400);
    EXPECT_EQ(call("POST", "/api/v9/attachments/refresh-urls", R"({})").status, 400);
}

TEST_F(AttachmentsTest, CloudUploadFlowMakesAnAttachmentWithTheUploadedBytes) {
    auto r = call("POST", "/api/v9/channels/20/attachments",
                  R"({"files":[{"id":"0","filename":"note.ogg","file_size":5}]})");
    ASSERT_EQ(r.status, 200) << r.body;
    auto d = json(r);
    const auto& slot = d["attachments"][0];
    EXPECT_EQ(std::string(slot["id"].GetString()), "0");
    const std::string upload_url = slot["upload_url"].GetString();
    const std::string upload_filename = slot["upload_filename"].GetString();
    ASSERT_EQ(upload_url.rfind("http://127.0.0.1:9/_upload/", 0), 0u) << upload_url;
    EXPECT_NE(upload_filename.find("/note.ogg"), std::string::npos);

    // The message cannot name it before the bytes are there.
    const std::string message = R"({"content":"","attachments":[{"id":"0","filename":"note.ogg",
        "uploaded_filename":")" +
                                upload_filename + R"("}]})";
    EXPECT_EQ(call("POST", "/api/v9/channels/20/messages", message).status, 400);

    const std::string target = upload_url.substr(std::string("http://127.0.0.1:9").size());
    EXPECT_EQ(call("PUT", target, "1234").status, 400);  // not the announced size
    EXPECT_EQ(call("PUT", target, "hello").status, 200);

    r = call("POST", "/api/v9/channels/20/messages", message);
    ASSERT_EQ(r.status, 200) << r.body;
    d = json(r);
    const auto& att = d["attachments"][0];
    EXPECT_EQ(std::string(att["filename"].GetString()), "note.ogg");
    EXPECT_EQ(att["size"].GetInt(), 5);
    EXPECT_EQ(std::string(att["content_type"].GetString()), "audio/ogg");
    const auto served = call("GET", cdn_target(att["url"].GetString()), "");
    ASSERT_EQ(served.status, 200);
    EXPECT_EQ(body_of(served), "hello");
    // An upload is used once.
    EXPECT_EQ(call("POST", "/api/v9/channels/20/messages", message).status, 400);
}

TEST_F(AttachmentsTest, FileOverTheLimitIsRefusedWith40005) {
    call("POST", "/_emulator/cdn", R"({"upload_limit": 4})");
    auto r = call("POST", "/api/v9/channels/20/attachments",
                  R"({"files":[{"id":"0","filename":"big.bin","file_size":5}]})");
    ASSERT_EQ(r.status, 200);
    auto d = json(r);
    const std::string upload_url = d["attachments"][0]["upload_url"].GetString();
    const std::string upload_filename = d["attachments"][0]["upload_filename"].GetString();
    ASSERT_EQ(call("PUT", upload_url.substr(upload_url.find("/_upload/")), "12345").status, 200);
    r = call("POST", "/api/v9/channels/20/messages",
             R"({"attachments":[{"id":"0","filename":"big.bin","uploaded_filename":")" +
                 upload_filename + R"("}]})");
    EXPECT_EQ(r.status, 413);
    d = json(r);
    EXPECT_EQ(d["code"].GetInt(), 40005);
    EXPECT_TRUE(world.messages[20].empty());
}

TEST_F(AttachmentsTest, TenMebibytesIsTheDefaultLimit) {
    EXPECT_EQ(world.files.upload_limit(), 10u << 20);
}

TEST_F(AttachmentsTest, UploadsNeedSendPermissionAndOneToTenFiles) {
    EXPECT_EQ(call("POST", "/api/v9/channels/20/attachments", R"({"files":[]})").status, 400);
    EXPECT_EQ(call("POST", "/api/v9/channels/99/attachments",
                   R"({"files":[{"filename":"a","file_size":1}]})")
                  .status,
              404);
}

}  // namespace
}  // namespace cordgate::tests::emulator
