#include <adapters/discord/gateway_reader.hpp>

#include <core/utf8.hpp>

namespace cordgate::adapters::discord {

GatewayReader::GatewayReader(std::size_t max_message_bytes, bool zlib_stream)
    : max_(max_message_bytes),
      frames_(max_message_bytes),
      zlib_(zlib_stream ? std::make_unique<ZlibStream>(max_message_bytes) : nullptr) {}

GatewayRead GatewayReader::next(std::string_view& in) {
    using Kind = websocket::Frame::Kind;
    for (;;) {
        const websocket::Frame f = frames_.next(in);
        switch (f.kind) {
            case Kind::need_more:
                return {};
            case Kind::text:
            case Kind::binary:
                if (zlib_ && f.kind == Kind::binary) {
                    std::optional<std::string> message;
                    try {
                        message = zlib_->feed(f.payload);
                    } catch (const MessageTooBig& e) {
                        return {
                            GatewayRead::Kind::too_big, {}, websocket::kMessageTooBig, e.bytes()};
                    } catch (const InflateError& e) {
                        inflated_ = e.what();
                        return {GatewayRead::Kind::error, inflated_, websocket::kInvalidPayload};
                    }
                    if (!message) continue;  // more compressed frames to come
                    inflated_ = std::move(*message);
                    // Text frames are checked for UTF-8 by the frame reader (1007); what is
                    // inflated from binary ones is repaired instead: one bad byte in a READY
                    // should not lose the login.
                    core::replace_invalid_utf8(inflated_);
                    return {GatewayRead::Kind::message, inflated_, 0, 0};
                }
                return {GatewayRead::Kind::message, f.payload, 0, 0};
            case Kind::ping:
                return {GatewayRead::Kind::ping, f.payload, 0, 0};
            case Kind::pong:
                continue;
            case Kind::close:
                return {GatewayRead::Kind::close, f.payload, f.code, 0};
            case Kind::error:
                if (f.code == websocket::kMessageTooBig) {
                    // The frame's header announced the size; nothing of it was taken.
                    return {GatewayRead::Kind::too_big, {}, f.code, frames_.oversized_bytes()};
                }
                return {GatewayRead::Kind::error, f.payload, f.code, 0};
        }
    }
}

}  // namespace cordgate::adapters::discord
