#pragma once
// The gateway's messages out of the bytes a websocket received: RFC 6455 frames
// (websocket_frames.hpp), inflated through the connection's zlib-stream when it has one, and
// bounded in size. Pure: io_websocket.cpp feeds it socket reads, the unit tests feed it bytes.
//
// The bound is on a message as the session reads it: the text of a plain message, the inflated
// text of a compressed one (the compressed bytes are bounded by it too, as deflate never makes
// a message much smaller than itself only to make its input bigger). A message over it is
// `too_big`: the connection cannot go on (Discord would send the same message again on RESUME),
// and the session must fail with a reason the user sees, not reconnect.

#include <adapters/discord/websocket_frames.hpp>
#include <adapters/discord/zlib_stream.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace cordgate::adapters::discord {

struct GatewayRead {
    enum class Kind { need_more, message, ping, close, error, too_big };
    Kind kind = Kind::need_more;
    // message: the text, valid until the next call; ping: its payload; close: the reason;
    // error: why the connection must be failed.
    std::string_view text;
    // close: the server's code (1005 for none); error: the code to close with.
    std::uint16_t code = 0;
    // too_big: how many bytes the message has at least (all of it is not read).
    std::size_t bytes = 0;
};

class GatewayReader {
  public:
    GatewayReader(std::size_t max_message_bytes, bool zlib_stream);

    // Takes what it can off the front of `in` and says what it found; need_more when `in`
    // holds no complete message or control frame. After error or too_big the connection is
    // done with. Pongs are read and not reported.
    GatewayRead next(std::string_view& in);

    // With need_more: how many bytes, from the front of what next() was given, the frame being
    // read needs at least (websocket::FrameReader::bytes_wanted).
    std::size_t bytes_wanted() const { return frames_.bytes_wanted(); }
    std::size_t max_message_bytes() const { return max_; }

  private:
    std::size_t max_;
    websocket::FrameReader frames_;
    std::unique_ptr<ZlibStream> zlib_;
    std::string inflated_;  // the last inflated message, which next() handed out as a view
};

}  // namespace cordgate::adapters::discord
