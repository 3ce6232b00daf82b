// The gateway's message reader (adapters/discord/gateway_reader.hpp): server frames built here by
// hand, plain and through a real zlib-stream, and what a message over the bound becomes.

#include <adapters/discord/gateway_reader.hpp>

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

namespace cordgate::adapters::discord {
namespace {

using Kind = GatewayRead::Kind;

constexpr std::size_t kLimit = 1 << 20;

// A server frame: unmasked, FIN and `opcode` in the first byte, any payload length.
std::string server_frame(std::uint8_t first, std::string_view payload) {
    std::string out(1, static_cast<char>(first));
    const std::uint64_t n = payload.size();
    if (n < 126) {
        out += static_cast<char>(n);
    } else if (n <= 0xFFFF) {
        out += static_cast<char>(126);
        out += static_cast<char>(n >> 8);
        out += static_cast<char>(n & 0xFF);
    } else {
        out += static_cast<char>(127);
        for (int k = 7; k >= 0; --k) out += static_cast<char>((n >> (8 * k)) & 0xFF);
    }
    out += payload;
    return out;
}

constexpr std::uint8_t kText = 0x81;
constexpr std::uint8_t kBinary = 0x82;
constexpr std::uint8_t kFirstText = 0x01;     // not FIN
constexpr std::uint8_t kContinuation = 0x00;  // not FIN
constexpr std::uint8_t kLastContinuation = 0x80;

// Discord's zlib-stream: one deflate context, each message ended with Z_SYNC_FLUSH.
class Deflater {
  public:
    Deflater() { deflateInit(&z_, Z_BEST_SPEED); }
    ~Deflater() { deflateEnd(&z_); }
    std::string message(const std::string& text) {
        std::string out;
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
        z_.avail_in = static_cast<uInt>(text.size());
        char buf[65536];
        do {
            z_.next_out = reinterpret_cast<Bytef*>(buf);
            z_.avail_out = sizeof buf;
            deflate(&z_, Z_SYNC_FLUSH);
            out.append(buf, sizeof buf - z_.avail_out);
        } while (z_.avail_out == 0);
        return out;
    }

  private:
    z_stream z_{};
};

// A READY-like text of exactly `n` bytes.
std::string json_of_size(std::size_t n) {
    std::string s = R"({"op":0,"t":"READY","d":{"pad":")";
    const std::string end = "\"}}";
    s.append(n - s.size() - end.size(), 'x');
    return s + end;
}

TEST(GatewayReader, APlainMessageAtTheBoundIsRead) {
    GatewayReader r(kLimit, false);
    const std::string text = json_of_size(kLimit);
    const std::string bytes = server_frame(kText, text);
    std::string_view in(bytes);
    const GatewayRead got = r.next(in);
    ASSERT_EQ(got.kind, Kind::message);
    EXPECT_EQ(got.text.size(), kLimit);
    EXPECT_TRUE(in.empty());
}

TEST(GatewayReader, APlainMessageOverTheBoundIsTooBigFromItsHeaderAlone) {
    GatewayReader r(kLimit, false);
    const std::string bytes = server_frame(kText, json_of_size(kLimit + 1));
    // Only the header has arrived: the reader must not wait for (and buffer) the rest.
    std::string_view in(bytes.data(), 10);
    const GatewayRead got = r.next(in);
    ASSERT_EQ(got.kind, Kind::too_big);
    EXPECT_EQ(got.bytes, kLimit + 1);
    EXPECT_EQ(got.code, 1009);
}

TEST(GatewayReader, FragmentsThatAddUpOverTheBoundAreTooBig) {
    GatewayReader r(kLimit, false);
    const std::string half(kLimit / 2 + 1, 'x');
    const std::string bytes = server_frame(kFirstText, half) + server_frame(kContinuation, half) +
                              server_frame(kLastContinuation, "}");
    std::string_view in(bytes);
    const GatewayRead got = r.next(in);
    ASSERT_EQ(got.kind, Kind::too_big);
    EXPECT_EQ(got.bytes, 2 * half.size());
}

TEST(GatewayReader, ACompressedMessageIsBoundedInflated) {
    // 1 MiB + 1 of text deflates to a few kilobytes: the frame is small, the message is not.
    Deflater z;
    GatewayReader r(kLimit, true);
    const std::string small = z.message(json_of_size(1000));
    const std::string big = z.message(json_of_size(kLimit + 1));
    ASSERT_LT(big.size(), 16u * 1024);
    const std::string bytes = server_frame(kBinary, small) + server_frame(kBinary, big);
    std::string_view in(bytes);
    const GatewayRead first = r.next(in);
    ASSERT_EQ(first.kind, Kind::message);
    EXPECT_EQ(first.text.size(), 1000u);
    const GatewayRead second = r.next(in);
    ASSERT_EQ(second.kind, Kind::too_big);
    EXPECT_GT(second.bytes, kLimit);
}

TEST(GatewayReader, ACompressedMessageAtTheBoundIsRead) {
    Deflater z;
    GatewayReader r(kLimit, true);
    const std::string bytes = server_frame(kBinary, z.message(json_of_size(kLimit)));
    std::string_view in(bytes);
    const GatewayRead got = r.next(in);
    ASSERT_EQ(got.kind, Kind::message);
    EXPECT_EQ(got.text, json_of_size(kLimit));
}

TEST(GatewayReader, CompressedBytesWithoutAnEndAreBoundedToo) {
    // Binary frames that never end a message (no Z_SYNC_FLUSH marker) must not pile up.
    GatewayReader r(1024, true);
    const std::string chunk(600, '\x01');
    const std::string bytes = server_frame(kBinary, chunk) + server_frame(kBinary, chunk);
    std::string_view in(bytes);
    const GatewayRead got = r.next(in);
    ASSERT_EQ(got.kind, Kind::too_big);
    EXPECT_EQ(got.bytes, 1200u);
}

TEST(GatewayReader, PingsAndClosesPassPongsDoNot) {
    GatewayReader r(kLimit, false);
    const std::string bytes = server_frame(0x8A, "p") + server_frame(0x89, "abc") +
                              server_frame(0x88, std::string("\x0f\xa0", 2) + "bye");
    std::string_view in(bytes);
    GatewayRead got = r.next(in);
    ASSERT_EQ(got.kind, Kind::ping);
    EXPECT_EQ(got.text, "abc");
    got = r.next(in);
    ASSERT_EQ(got.kind, Kind::close);
    EXPECT_EQ(got.code, 4000);
    EXPECT_EQ(got.text, "bye");
}

}  // namespace
}  // namespace cordgate::adapters::discord
