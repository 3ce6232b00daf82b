#pragma once
// The client side of RFC 6455 framing, without I/O: reading the server's frames out of the bytes
// received so far, writing our own (masked) frames, and the opening handshake's key check.
//
// Why not Beast's websocket stream: it completes each read of a frame it already holds through
// a post, so every gateway message cost one pass through asio's queue and one epoll_wait, and
// the per-read machinery (executors, work guards, the coroutine) was a fifth of the Discord
// adapter's CPU in a flood (bench/RESULTS.md, issue #6 session 9). Here one socket read yields
// every complete frame in it, and a message in a single frame is handed on as a view of the
// received bytes, without a copy.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cordgate::adapters::discord::websocket {

enum class Opcode : std::uint8_t {
    continuation = 0x0,
    text = 0x1,
    binary = 0x2,
    close = 0x8,
    ping = 0x9,
    pong = 0xA,
};

// Close codes we send (RFC 6455 section 7.4.1).
inline constexpr std::uint16_t kProtocolError = 1002;
inline constexpr std::uint16_t kInvalidPayload = 1007;
inline constexpr std::uint16_t kMessageTooBig = 1009;

// What FrameReader::next found.
struct Frame {
    enum class Kind { need_more, text, binary, ping, pong, close, error };
    Kind kind = Kind::need_more;
    // text / binary: the whole message; ping / pong: their payload; close: the reason;
    // error: why the connection must be failed. Valid until the next call to next() and while
    // the bytes it was read from are neither moved nor freed.
    std::string_view payload;
    // close: the server's code, 1005 when it gave none; error: the code to fail with.
    std::uint16_t code = 0;
};

// Reads a server's frames: unmasked, no extensions, control frames between the fragments of a
// message allowed, text checked to be UTF-8.
class FrameReader {
  public:
    explicit FrameReader(std::size_t max_message_bytes) : max_message_(max_message_bytes) {}

    // Takes the next frame off the front of `in` and says what it was. need_more when the
    // next frame is not complete: `in` then starts at that frame (the fragments of a message
    // before it have been taken in). After an error the connection must be failed.
    Frame next(std::string_view& in);

    // With need_more: how many bytes, counted from the front of what next() was given, the
    // frame being read needs at least, so the caller can make room for it in one read.
    std::size_t bytes_wanted() const { return wanted_; }
    // After a kMessageTooBig error: the size of the message as far as its headers told.
    std::uint64_t oversized_bytes() const { return oversized_; }

  private:
    Frame message(Opcode kind, std::string_view payload);

    std::size_t max_message_;
    std::size_t wanted_ = 0;
    std::uint64_t oversized_ = 0;
    bool assembling_ = false;  // between the first and the last fragment of a message
    static constexpr std::size_t kKeepAssemblyBytes = 64 * 1024;
    bool clear_on_next_ = false;  // the last message handed out was `partial_`
    Opcode partial_kind_ = Opcode::text;
    std::string partial_;
};

// One client frame: FIN set, masked with `mask_key` (RFC 6455 wants it unpredictable; the
// caller draws it).
std::string encode_client_frame(Opcode opcode, std::string_view payload, std::uint32_t mask_key);

// A close frame's payload: the code, big-endian.
std::string close_payload(std::uint16_t code);

// Sec-WebSocket-Accept for a Sec-WebSocket-Key: base64(SHA-1(key + the RFC's GUID)).
std::string accept_for_key(std::string_view key);

// Sec-WebSocket-Key from 16 random bytes: their base64.
std::string key_from_nonce(const unsigned char (&nonce)[16]);

// The server's answer to our upgrade request, as far as RFC 6455 section 4.1 checks it.
struct UpgradeResponse {
    int status = 0;
    std::string_view upgrade;     // the Upgrade header
    std::string_view connection;  // the Connection header
    std::string_view accept;      // Sec-WebSocket-Accept
    std::string_view extensions;  // Sec-WebSocket-Extensions (we offer none)
};

// Why the server did not accept the upgrade with `key`; empty when it did.
std::string upgrade_refusal(const UpgradeResponse& response, std::string_view key);

}  // namespace cordgate::adapters::discord::websocket
