// URLs (TLS off loopback only), the [discord] config section, zlib-stream inflate.

#include <adapters/discord/config.hpp>
#include <adapters/discord/url.hpp>
#include <adapters/discord/zlib_stream.hpp>

#include <gtest/gtest.h>
#include <unistd.h>

#include <zlib.h>
#include <filesystem>
#include <fstream>

namespace cordgate::adapters::discord {
namespace {

TEST(Url, ParsesSchemesPortsAndTargets) {
    auto u = parse_url("wss://gateway.discord.gg/?v=10");
    ASSERT_TRUE(u);
    EXPECT_TRUE(u->tls);
    EXPECT_EQ(u->host, "gateway.discord.gg");
    EXPECT_EQ(u->port, "443");
    EXPECT_EQ(u->target, "/?v=10");
    auto p = parse_url("http://127.0.0.1:8080/api/v9");
    ASSERT_TRUE(p);
    EXPECT_FALSE(p->tls);
    EXPECT_EQ(p->port, "8080");
    EXPECT_EQ(p->target, "/api/v9");
    auto v6 = parse_url("ws://[::1]:5/x");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->host, "::1");
    EXPECT_FALSE(parse_url("ftp://x"));
    EXPECT_FALSE(parse_url("https://"));
    EXPECT_FALSE(parse_url("https://h:12a/"));
}

TEST(Url, PlainTextOnlyOnLoopback) {
    EXPECT_NO_THROW(require_url("ws://localhost:1/", "gateway"));
    EXPECT_NO_THROW(require_url("http://127.0.0.5:1/", "api"));
    EXPECT_THROW(require_url("http://discord.com/api", "api"), std::invalid_argument);
    EXPECT_NO_THROW(require_url("https://discord.com/api", "api"));
}

TEST(Config, DefaultsAndOverrides) {
    Config d = parse_config("", "/etc/cordgate");
    EXPECT_EQ(d.api_base, "https://discord.com/api/v9");
    EXPECT_EQ(d.key_file, "/etc/cordgate/discord.key");
    EXPECT_FALSE(d.bot);
    Config c = parse_config(R"(
[discord]
api_base = "http://127.0.0.1:5000/api/v10/"
gateway_url = "ws://127.0.0.1:5000/gateway"
key_file = "/keys/k"
bot = true
compress = true
[bus]
endpoint = "tcp://127.0.0.1:1"
)",
                            "/etc");
    EXPECT_EQ(c.api_base, "http://127.0.0.1:5000/api/v10");
    EXPECT_EQ(c.key_file, "/keys/k");
    EXPECT_TRUE(c.bot);
    EXPECT_TRUE(c.compress);
    EXPECT_EQ(c.bus_endpoint, "tcp://127.0.0.1:1");
}

TEST(Config, ErrorsNameTheKey) {
    auto error = [](std::string_view text) {
        try {
            parse_config(text, "/", "t.toml");
        } catch (const ConfigError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(error("[discord]\nbot = 1"), "t.toml:2:7: discord.bot: expected true or false");
    EXPECT_NE(error("[discord]\napi_base = \"http://discord.com/api\"").find("discord.api_base"),
              std::string::npos);
    EXPECT_NE(error("[discord"), "no error");
}

TEST(Config, CdnBaseAndCaFile) {
    Config d = parse_config("", "/etc");
    EXPECT_EQ(d.cdn_base, "https://cdn.discordapp.com");
    EXPECT_TRUE(d.ca_file.empty());
    const auto dir = std::filesystem::temp_directory_path();
    const auto ca = dir / ("cordgate-ca-test-" + std::to_string(::getpid()) + ".pem");
    std::ofstream(ca) << "not checked here\n";
    Config c = parse_config("[discord]\ncdn_base = \"http://127.0.0.1:5/cdn/\"\nca_file = \"" +
                                ca.filename().string() + "\"\n",
                            dir);
    EXPECT_EQ(c.cdn_base, "http://127.0.0.1:5/cdn");
    EXPECT_EQ(c.ca_file, ca);
    std::filesystem::remove(ca);
    const auto file = dir / ("cordgate-ca-test-" + std::to_string(::getpid()) + ".toml");
    std::ofstream(file) << "[discord]\nca_file = \"/nonexistent/ca.pem\"\nkey_file = \"" +
                               (dir / "k").string() + "\"\n";
    try {
        load_config(file);
        ADD_FAILURE() << "a missing CA file was accepted";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("discord.ca_file: no such file"), std::string::npos);
    }
    std::filesystem::remove(file);
    EXPECT_THROW(parse_config("[discord]\ncdn_base = \"http://cdn.example/\"\n", "/"), ConfigError);
}

std::string deflate_sync(z_stream& z, std::string_view in) {
    std::string out(in.size() + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_SYNC_FLUSH);
    out.resize(out.size() - z.avail_out);
    return out;
}

TEST(ZlibStream, OneContextAcrossMessagesAndSplitFrames) {
    z_stream z{};
    ASSERT_EQ(deflateInit(&z, Z_DEFAULT_COMPRESSION), Z_OK);
    ZlibStream inflater(1 << 20);
    std::string a = deflate_sync(z, R"({"op":10,"d":{"heartbeat_interval":41250}})");
    EXPECT_EQ(inflater.feed(a), R"({"op":10,"d":{"heartbeat_interval":41250}})");
    // The second message refers back to the first one's dictionary and arrives in two frames.
    std::string b = deflate_sync(z, R"({"op":11,"d":{"heartbeat_interval":41250}})");
    EXPECT_EQ(inflater.feed(std::string_view(b).substr(0, 3)), std::nullopt);
    EXPECT_EQ(inflater.feed(std::string_view(b).substr(3)),
              R"({"op":11,"d":{"heartbeat_interval":41250}})");
    deflateEnd(&z);
    ZlibStream fresh(1 << 20);
    EXPECT_THROW(fresh.feed(std::string("garbage\x00\x00\xff\xff", 11)), InflateError);
}

}  // namespace
}  // namespace cordgate::adapters::discord
