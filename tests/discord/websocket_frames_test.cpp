// The websocket client's framing (adapters/discord/websocket_frames.hpp): frames built here by
// hand, byte by byte as RFC 6455 section 5.2 lays them out, read back through FrameReader.

#include <adapters/discord/websocket_frames.hpp>

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace cordgate::adapters::discord::websocket {
namespace {

using Kind = Frame::Kind;

// Frame::payload views the bytes read, so each test keeps those bytes alive while it looks.

// A frame as a server sends it. `first` is the first byte's flags and opcode, given whole so
// that tests can set reserved bits; `mask` sets the mask bit (with a zero key, so the payload is
// as given), which servers must not do.
std::string server_frame(std::uint8_t first, std::string_view payload, bool mask = false) {
    std::string out(1, static_cast<char>(first));
    const std::uint8_t m = mask ? 0x80 : 0;
    const std::uint64_t n = payload.size();
    if (n < 126) {
        out += static_cast<char>(m | n);
    } else if (n <= 0xFFFF) {
        out += static_cast<char>(m | 126);
        out += static_cast<char>(n >> 8);
        out += static_cast<char>(n & 0xFF);
    } else {
        out += static_cast<char>(m | 127);
        for (int k = 7; k >= 0; --k) out += static_cast<char>((n >> (8 * k)) & 0xFF);
    }
    if (mask) out.append(4, '\0');
    out += payload;
    return out;
}

constexpr std::uint8_t kFin = 0x80;
constexpr std::uint8_t kText = kFin | 0x1;
constexpr std::uint8_t kBinary = kFin | 0x2;
constexpr std::uint8_t kClose = kFin | 0x8;
constexpr std::uint8_t kPing = kFin | 0x9;
constexpr std::uint8_t kPong = kFin | 0xA;

Frame read_one(FrameReader& reader, const std::string& bytes) {
    std::string_view in(bytes);
    return reader.next(in);
}

TEST(WebsocketHandshake, KeyAndAcceptAreTheRfcExample) {
    // RFC 6455 section 1.3 and 4.1: the nonce "the sample nonce" and the accept it expects.
    const unsigned char nonce[16] = {'t', 'h', 'e', ' ', 's', 'a', 'm', 'p',
                                     'l', 'e', ' ', 'n', 'o', 'n', 'c', 'e'};
    EXPECT_EQ(key_from_nonce(nonce), "dGhlIHNhbXBsZSBub25jZQ==");
    EXPECT_EQ(accept_for_key("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(WebsocketHandshake, OnlyAProperUpgradeIsAccepted) {
    const std::string key = "dGhlIHNhbXBsZSBub25jZQ==";
    const std::string accept = accept_for_key(key);
    UpgradeResponse ok{101, "websocket", "Upgrade", accept, ""};
    EXPECT_EQ(upgrade_refusal(ok, key), "");
    UpgradeResponse listed = ok;
    listed.upgrade = "WebSocket";
    listed.connection = "keep-alive,  upgrade ";
    EXPECT_EQ(upgrade_refusal(listed, key), "");

    UpgradeResponse status = ok;
    status.status = 403;
    EXPECT_EQ(upgrade_refusal(status, key), "the server answered the upgrade with HTTP 403");
    UpgradeResponse no_upgrade = ok;
    no_upgrade.upgrade = "h2c";
    EXPECT_NE(upgrade_refusal(no_upgrade, key).find("Upgrade: websocket"), std::string::npos);
    UpgradeResponse no_connection = ok;
    no_connection.connection = "keep-alive, upgraded";
    EXPECT_NE(upgrade_refusal(no_connection, key).find("Connection"), std::string::npos);
    const std::string other_accept = accept_for_key("another key");
    UpgradeResponse wrong_accept = ok;
    wrong_accept.accept = other_accept;
    EXPECT_NE(upgrade_refusal(wrong_accept, key).find("Accept"), std::string::npos);
    UpgradeResponse extensions = ok;
    extensions.extensions = "permessage-deflate";
    EXPECT_NE(upgrade_refusal(extensions, key).find("extensions"), std::string::npos);
}

TEST(WebsocketFrames, AWholeTextFrameIsAViewOfTheBytesReceived) {
    FrameReader reader(1024);
    const std::string bytes = server_frame(kText, R"({"op":11})") + "rest";
    std::string_view in(bytes);
    const Frame f = reader.next(in);
    ASSERT_EQ(f.kind, Kind::text);
    EXPECT_EQ(f.payload, R"({"op":11})");
    EXPECT_EQ(f.payload.data(), bytes.data() + 2);  // no copy
    EXPECT_EQ(in, "rest");
}

TEST(WebsocketFrames, EveryFrameInOneReadComesOutInOrder) {
    FrameReader reader(1 << 20);
    const std::string big(300, 'b');      // 16-bit length
    const std::string huge(70'000, 'h');  // 64-bit length
    const std::string bytes = server_frame(kText, "one") + server_frame(kBinary, big) +
                              server_frame(kPing, "p") + server_frame(kText, huge) +
                              server_frame(kPong, "");
    std::string_view in(bytes);
    std::vector<std::pair<Kind, std::size_t>> seen;
    for (Frame f = reader.next(in); f.kind != Kind::need_more; f = reader.next(in))
        seen.emplace_back(f.kind, f.payload.size());
    const std::vector<std::pair<Kind, std::size_t>> want = {{Kind::text, 3},
                                                            {Kind::binary, 300},
                                                            {Kind::ping, 1},
                                                            {Kind::text, 70'000},
                                                            {Kind::pong, 0}};
    EXPECT_EQ(seen, want);
    EXPECT_TRUE(in.empty());
}

TEST(WebsocketFrames, AnIncompleteFrameWaitsAndSaysHowMuchItNeeds) {
    const std::string payload(300, 'x');
    const std::string bytes = server_frame(kText, payload);  // 4-byte header
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
        FrameReader reader(1024);
        std::string_view in(bytes.data(), cut);
        const Frame f = reader.next(in);
        EXPECT_EQ(f.kind, Kind::need_more) << cut;
        EXPECT_EQ(in.size(), cut) << "nothing taken at " << cut;
        const std::size_t want = cut < 2 ? 2 : cut < 4 ? 4 : bytes.size();
        EXPECT_EQ(reader.bytes_wanted(), want) << cut;
    }
}

TEST(WebsocketFrames, FragmentsAreJoinedAroundControlFramesAndAcrossReads) {
    FrameReader reader(1024);
    // "Hel" (text, not final), a ping, "lo, " and "world" (continuations, the last final).
    const std::string bytes = server_frame(0x01, "Hel") + server_frame(kPing, "are you there") +
                              server_frame(0x00, "lo, ") + server_frame(kFin | 0x0, "world");
    std::string_view in(bytes.data(), bytes.size() - 3);  // the last fragment not all there
    Frame f = reader.next(in);
    ASSERT_EQ(f.kind, Kind::ping);
    EXPECT_EQ(f.payload, "are you there");
    f = reader.next(in);
    EXPECT_EQ(f.kind, Kind::need_more);
    // What is left starts at the incomplete frame: the fragment before it is taken in.
    EXPECT_EQ(in.size(), 2 + 5 - 3u);
    std::string rest(in);
    rest += bytes.substr(bytes.size() - 3);
    f = read_one(reader, rest);
    ASSERT_EQ(f.kind, Kind::text);
    EXPECT_EQ(f.payload, "Hello, world");
    // The next message starts afresh.
    const std::string next = server_frame(kBinary, "next");
    f = read_one(reader, next);
    ASSERT_EQ(f.kind, Kind::binary);
    EXPECT_EQ(f.payload, "next");
}

TEST(WebsocketFrames, CloseGivesTheCodeAndReason) {
    FrameReader reader(1024);
    const std::string bytes =
        server_frame(kClose, std::string("\x0f\xa4", 2) + "Authentication failed.");
    Frame f = read_one(reader, bytes);
    ASSERT_EQ(f.kind, Kind::close);
    EXPECT_EQ(f.code, 4004);
    EXPECT_EQ(f.payload, "Authentication failed.");
    f = read_one(reader, server_frame(kClose, ""));
    ASSERT_EQ(f.kind, Kind::close);
    EXPECT_EQ(f.code, 1005);
}

struct Refused {
    std::string name;
    std::string bytes;
    std::uint16_t code;
};

TEST(WebsocketFrames, ProtocolViolationsFailTheConnectionWithTheRightCode) {
    const std::string too_long_control(126, 'c');
    const std::vector<Refused> cases = {
        {"masked", server_frame(kText, "hi", true), kProtocolError},
        {"reserved bit", server_frame(kText | 0x40, "hi"), kProtocolError},
        {"data opcode 3", server_frame(kFin | 0x3, "hi"), kProtocolError},
        {"control opcode 0xB", server_frame(kFin | 0xB, "hi"), kProtocolError},
        {"continuation first", server_frame(kFin | 0x0, "hi"), kProtocolError},
        {"text inside a message", server_frame(0x01, "a") + server_frame(kText, "b"),
         kProtocolError},
        {"fragmented ping", server_frame(0x09, "p"), kProtocolError},
        {"long ping", server_frame(kPing, too_long_control), kProtocolError},
        {"close of one byte", server_frame(kClose, "x"), kProtocolError},
        {"close reason not UTF-8", server_frame(kClose, "\x03\xe8\xff"), kInvalidPayload},
        {"text not UTF-8", server_frame(kText, "caf\xc3"), kInvalidPayload},
        {"joined text not UTF-8", server_frame(0x01, "\xe2\x82") + server_frame(kFin, "\x28"),
         kInvalidPayload},
        {"one frame over the limit", server_frame(kBinary, std::string(65, 'x')), kMessageTooBig},
        {"fragments over the limit",
         server_frame(0x02, std::string(40, 'x')) + server_frame(kFin, std::string(40, 'x')),
         kMessageTooBig},
    };
    for (const Refused& c : cases) {
        FrameReader reader(64);
        std::string_view in(c.bytes);
        Frame f = reader.next(in);
        if (f.kind == Kind::need_more) f = reader.next(in);
        EXPECT_EQ(f.kind, Kind::error) << c.name;
        EXPECT_EQ(f.code, c.code) << c.name;
        EXPECT_FALSE(f.payload.empty()) << c.name;
    }
    // A fragment of text may end inside a character: only the whole message is checked.
    FrameReader reader(64);
    std::string_view in;
    const std::string split = server_frame(0x01, "\xe2\x82") + server_frame(kFin, "\xac");
    in = split;
    const Frame euro = reader.next(in);
    ASSERT_EQ(euro.kind, Kind::text);
    EXPECT_EQ(euro.payload, "\xe2\x82\xac");
    // Binary is not text: any bytes go.
    EXPECT_EQ(read_one(reader, server_frame(kBinary, std::string("\xff\x00\xc3", 3))).kind,
              Kind::binary);
}

TEST(WebsocketFrames, AnOversizedFrameIsRefusedFromItsHeaderAlone) {
    // Only the 10-byte header of a frame claiming 1 GiB: refused before any of it is buffered.
    std::string header = {static_cast<char>(kBinary), static_cast<char>(127)};
    for (int k = 7; k >= 0; --k)
        header += static_cast<char>((std::uint64_t{1} << 30 >> (8 * k)) & 0xFF);
    FrameReader reader(1 << 20);
    const Frame f = read_one(reader, header);
    EXPECT_EQ(f.kind, Kind::error);
    EXPECT_EQ(f.code, kMessageTooBig);
    // A length with the top bit set (not allowed) is as oversized as it gets.
    header[2] = static_cast<char>(0x80);
    FrameReader other(1 << 20);
    EXPECT_EQ(read_one(other, header).kind, Kind::error);
}

// Unmasks a client frame: its opcode and payload, checking the header's shape.
std::pair<std::uint8_t, std::string> unmask(const std::string& frame) {
    const auto at = [&](std::size_t k) { return static_cast<std::uint8_t>(frame[k]); };
    EXPECT_EQ(at(0) & 0xF0, 0x80) << "FIN, no reserved bits";
    EXPECT_EQ(at(1) & 0x80, 0x80) << "masked";
    std::uint64_t n = at(1) & 0x7F;
    std::size_t header = 2;
    if (n == 126) {
        n = (std::uint64_t{at(2)} << 8) | at(3);
        header = 4;
    } else if (n == 127) {
        n = 0;
        for (std::size_t k = 2; k < 10; ++k) n = (n << 8) | at(k);
        header = 10;
    }
    EXPECT_EQ(frame.size(), header + 4 + n);
    std::string payload = frame.substr(header + 4);
    for (std::size_t k = 0; k < payload.size(); ++k) payload[k] ^= frame[header + k % 4];
    return {static_cast<std::uint8_t>(at(0) & 0x0F), payload};
}

TEST(WebsocketFrames, ClientFramesAreMaskedWithTheKeyAndMinimalLengths) {
    for (const std::size_t size : {0u, 1u, 125u, 126u, 65'535u, 65'536u}) {
        std::string payload(size, '\0');
        for (std::size_t k = 0; k < size; ++k) payload[k] = static_cast<char>('a' + k % 26);
        const std::string frame = encode_client_frame(Opcode::text, payload, 0xA1B2C3D4);
        const std::size_t header = size < 126 ? 2 : size <= 0xFFFF ? 4 : 10;
        ASSERT_EQ(frame.size(), header + 4 + size) << size;
        EXPECT_EQ(frame.substr(header, 4), "\xA1\xB2\xC3\xD4") << size;
        if (size >= 4) {
            EXPECT_NE(frame.substr(header + 4, 4), payload.substr(0, 4)) << size;
        }
        const auto [op, back] = unmask(frame);
        EXPECT_EQ(op, 0x1);
        EXPECT_EQ(back, payload) << size;
    }
    const auto [op, code] = unmask(encode_client_frame(Opcode::close, close_payload(4000), 7));
    EXPECT_EQ(op, 0x8);
    EXPECT_EQ(code, "\x0f\xa0");
}

TEST(WebsocketFrames, ARandomStreamReadInRandomPiecesGivesTheSameMessages) {
    std::mt19937 rng(6455);
    std::string stream;
    std::vector<std::string> sent;
    for (int m = 0; m < 300; ++m) {
        std::string message(rng() % 3000, '\0');
        for (char& c : message) c = static_cast<char>('0' + rng() % 64);
        sent.push_back(message);
        // Split into 1-4 fragments, with a ping now and then between them.
        const int parts = 1 + static_cast<int>(rng() % 4);
        std::size_t at = 0;
        for (int p = 0; p < parts; ++p) {
            const bool last = p == parts - 1;
            const std::size_t n = last ? message.size() - at : (message.size() - at) / 2;
            const std::uint8_t op = p == 0 ? 0x1 : 0x0;
            stream += server_frame(static_cast<std::uint8_t>((last ? kFin : 0) | op),
                                   message.substr(at, n));
            at += n;
            if (rng() % 5 == 0) stream += server_frame(kPing, "ping");
        }
    }
    // Fed as a socket would deliver it: pieces of random size appended to what is left.
    FrameReader reader(1 << 16);
    std::vector<std::string> got;
    std::string buffer;
    std::size_t fed = 0;
    int pings = 0;
    while (fed < stream.size()) {
        const std::size_t n = std::min<std::size_t>(1 + rng() % 5000, stream.size() - fed);
        buffer.append(stream, fed, n);
        fed += n;
        std::string_view in(buffer);
        for (Frame f = reader.next(in); f.kind != Kind::need_more; f = reader.next(in)) {
            ASSERT_NE(f.kind, Kind::error) << f.payload;
            if (f.kind == Kind::ping)
                ++pings;
            else
                got.emplace_back(f.payload);
        }
        buffer.erase(0, buffer.size() - in.size());
    }
    EXPECT_EQ(got, sent);
    EXPECT_GT(pings, 0);
    EXPECT_TRUE(buffer.empty());
}

}  // namespace
}  // namespace cordgate::adapters::discord::websocket
