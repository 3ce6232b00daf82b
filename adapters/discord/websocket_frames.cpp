#include <adapters/discord/websocket_frames.hpp>

#include <adapters/discord/encodings.hpp>
#include <core/utf8.hpp>

#include <cctype>

namespace cordgate::adapters::discord::websocket {

namespace {

std::uint8_t byte_at(std::string_view s, std::size_t k) {
    return static_cast<std::uint8_t>(s[k]);
}

std::uint64_t big_endian(std::string_view s, std::size_t from, std::size_t n) {
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < n; ++k) v = (v << 8) | byte_at(s, from + k);
    return v;
}

Frame failure(std::uint16_t code, std::string_view why) {
    return {Frame::Kind::error, why, code};
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k) {
        if (std::tolower(static_cast<unsigned char>(a[k])) !=
            std::tolower(static_cast<unsigned char>(b[k])))
            return false;
    }
    return true;
}

// Whether a comma-separated header value holds `token`, in any case.
bool has_token(std::string_view value, std::string_view token) {
    while (!value.empty()) {
        const std::size_t comma = value.find(',');
        std::string_view item = value.substr(0, comma);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
            item.remove_prefix(1);
        while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
        if (equals_ignoring_case(item, token)) return true;
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace

Frame FrameReader::next(std::string_view& in) {
    if (clear_on_next_) {
        // A login's message is megabytes and the next is a few hundred bytes: its buffer is
        // given back rather than held for the connection's life.
        if (partial_.capacity() > kKeepAssemblyBytes) {
            std::string().swap(partial_);
        } else {
            partial_.clear();
        }
        clear_on_next_ = false;
    }
    for (;;) {
        wanted_ = 2;
        if (in.size() < 2) return {};
        const std::uint8_t b0 = byte_at(in, 0);
        const std::uint8_t b1 = byte_at(in, 1);
        const bool fin = (b0 & 0x80) != 0;
        const auto op = static_cast<Opcode>(b0 & 0x0F);
        if ((b0 & 0x70) != 0) return failure(kProtocolError, "reserved bits set in a frame");
        if ((b1 & 0x80) != 0) return failure(kProtocolError, "the server masked a frame");
        std::uint64_t length = b1 & 0x7F;
        std::size_t header = 2;
        if (length >= 126) {
            header = length == 126 ? 4 : 10;
            wanted_ = header;
            if (in.size() < header) return {};
            length = big_endian(in, 2, header - 2);
        }
        const bool control = (b0 & 0x08) != 0;
        if (control) {
            if (op != Opcode::close && op != Opcode::ping && op != Opcode::pong)
                return failure(kProtocolError, "a frame with an unknown control opcode");
            if (!fin) return failure(kProtocolError, "a fragmented control frame");
            if (length > 125) return failure(kProtocolError, "a control frame over 125 bytes");
        } else {
            if (op != Opcode::continuation && op != Opcode::text && op != Opcode::binary)
                return failure(kProtocolError, "a frame with an unknown data opcode");
            if (op == Opcode::continuation && !assembling_)
                return failure(kProtocolError, "a continuation frame outside a message");
            if (op != Opcode::continuation && assembling_)
                return failure(kProtocolError, "a new message inside a fragmented one");
            // Checked before anything is added, so the sums below cannot overflow.
            if (length > max_message_ || partial_.size() > max_message_ - length) {
                oversized_ =
                    length > UINT64_MAX - partial_.size() ? UINT64_MAX : partial_.size() + length;
                return failure(kMessageTooBig, "a message over the size limit");
            }
        }
        if (in.size() - header < length) {
            wanted_ = header + static_cast<std::size_t>(length);
            return {};
        }
        const std::string_view payload = in.substr(header, static_cast<std::size_t>(length));
        in.remove_prefix(header + payload.size());
        switch (op) {
            case Opcode::ping:
                return {Frame::Kind::ping, payload, 0};
            case Opcode::pong:
                return {Frame::Kind::pong, payload, 0};
            case Opcode::close: {
                if (payload.empty()) return {Frame::Kind::close, {}, 1005};
                if (payload.size() == 1) return failure(kProtocolError, "a close frame of 1 byte");
                const std::string_view reason = payload.substr(2);
                if (core::first_invalid_utf8(reason))
                    return failure(kInvalidPayload, "a close reason that is not UTF-8");
                return {Frame::Kind::close, reason,
                        static_cast<std::uint16_t>(big_endian(payload, 0, 2))};
            }
            default:
                break;
        }
        if (!fin) {
            if (!assembling_) partial_kind_ = op;
            assembling_ = true;
            partial_.append(payload);
            continue;
        }
        if (!assembling_) return message(op, payload);
        assembling_ = false;
        clear_on_next_ = true;
        partial_.append(payload);
        return message(partial_kind_, partial_);
    }
}

Frame FrameReader::message(Opcode kind, std::string_view payload) {
    if (kind == Opcode::binary) return {Frame::Kind::binary, payload, 0};
    if (core::first_invalid_utf8(payload))
        return failure(kInvalidPayload, "a text message that is not UTF-8");
    return {Frame::Kind::text, payload, 0};
}

std::string encode_client_frame(Opcode opcode, std::string_view payload, std::uint32_t mask_key) {
    std::string out;
    out.reserve(payload.size() + 14);
    out += static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode));
    const std::uint64_t n = payload.size();
    if (n < 126) {
        out += static_cast<char>(0x80 | n);
    } else {
        const int bytes = n <= 0xFFFF ? 2 : 8;
        out += static_cast<char>(0x80 | (bytes == 2 ? 126 : 127));
        for (int k = bytes - 1; k >= 0; --k) out += static_cast<char>((n >> (8 * k)) & 0xFF);
    }
    const unsigned char mask[4] = {
        static_cast<unsigned char>(mask_key >> 24), static_cast<unsigned char>(mask_key >> 16),
        static_cast<unsigned char>(mask_key >> 8), static_cast<unsigned char>(mask_key)};
    out.append(reinterpret_cast<const char*>(mask), 4);
    const std::size_t start = out.size();
    out.append(payload);
    for (std::size_t k = 0; k < payload.size(); ++k)
        out[start + k] ^= static_cast<char>(mask[k % 4]);
    return out;
}

std::string close_payload(std::uint16_t code) {
    return {static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
}

std::string accept_for_key(std::string_view key) {
    static constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    std::string input(key);
    input += kGuid;
    return base64(sha1(input));
}

std::string key_from_nonce(const unsigned char (&nonce)[16]) {
    return base64(std::string_view(reinterpret_cast<const char*>(nonce), sizeof nonce));
}

std::string upgrade_refusal(const UpgradeResponse& response, std::string_view key) {
    if (response.status != 101)
        return "the server answered the upgrade with HTTP " + std::to_string(response.status);
    if (!equals_ignoring_case(response.upgrade, "websocket"))
        return "the server's upgrade response has no Upgrade: websocket";
    if (!has_token(response.connection, "upgrade"))
        return "the server's upgrade response has no Connection: upgrade";
    if (response.accept != accept_for_key(key))
        return "the server's Sec-WebSocket-Accept does not match our key";
    if (!response.extensions.empty())
        return "the server chose websocket extensions we did not offer";
    return {};
}

}  // namespace cordgate::adapters::discord::websocket
