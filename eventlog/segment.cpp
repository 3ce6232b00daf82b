// Encoding and decoding of event segments (layout in segment.hpp).

#include <eventlog/keys.hpp>
#include <eventlog/log.hpp>
#include <eventlog/segment.hpp>

#include <lz4.h>

#include <cstring>

namespace cordgate::eventlog::segment {
namespace {

constexpr std::size_t kRawHeader = 5;
constexpr std::size_t kLz4Header = 9;
constexpr std::size_t kRoom = kLz4Header;  // room reserved in front of the body

void put_be32(char* out, std::uint32_t v) {
    for (int i = 3; i >= 0; --i) {
        out[i] = static_cast<char>(v & 0xff);
        v >>= 8;
    }
}

std::uint32_t get_be32(const char* in) {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(in[i]);
    return v;
}

// Names the damaged segment as "... corrupt <what> <first>: <why>".
struct Damage {
    std::string_view path;
    std::string_view what;
    std::uint64_t first = 0;

    [[noreturn]] void operator()(const std::string& why) const {
        throw LogError("event log " + std::string(path) + ": corrupt " + std::string(what) + " " +
                       std::to_string(first) + ": " + why);
    }
};

// Reads a LEB128 length; false when it runs past `end` or past 32 bits.
bool read_varint(const char*& p, const char* end, std::uint32_t& out) {
    std::uint32_t v = 0;
    for (int shift = 0; shift <= 28; shift += 7) {
        if (p == end) return false;
        auto byte = static_cast<unsigned char>(*p++);
        if (shift == 28 && byte > 0x0f) return false;
        v |= static_cast<std::uint32_t>(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            out = v;
            return true;
        }
    }
    return false;
}

}  // namespace

void Builder::add(std::string_view event) {
    if (buf_.empty()) buf_.assign(kRoom, '\0');
    if (event.size() > UINT32_MAX || count_ == UINT32_MAX) {
        throw LogError("event log: group commit too large for one segment");
    }
    char len[5];
    std::size_t n = 0;
    auto v = static_cast<std::uint32_t>(event.size());
    do {
        len[n++] = static_cast<char>((v & 0x7f) | (v >= 0x80 ? 0x80 : 0));
        v >>= 7;
    } while (v != 0);
    buf_.append(len, n);
    buf_.append(event);
    ++count_;
}

std::string_view Builder::encode(bool compress) {
    const std::size_t body = buf_.size() - kRoom;
    if (body > UINT32_MAX) throw LogError("event log: group commit too large for one segment");
    if (compress && body <= LZ4_MAX_INPUT_SIZE) {
        const auto bound = static_cast<std::size_t>(LZ4_compressBound(static_cast<int>(body)));
        // Grown, never shrunk: resize() would zero-fill the whole buffer on every commit.
        if (packed_.size() < kLz4Header + bound) packed_.resize(kLz4Header + bound);
        int packed = LZ4_compress_default(buf_.data() + kRoom, packed_.data() + kLz4Header,
                                          static_cast<int>(body), static_cast<int>(bound));
        if (packed > 0 && static_cast<std::size_t>(packed) <= body - body / 8) {
            packed_[0] = static_cast<char>(kLz4);
            put_be32(packed_.data() + 1, count_);
            put_be32(packed_.data() + 5, static_cast<std::uint32_t>(body));
            return std::string_view(packed_.data(), kLz4Header + static_cast<std::size_t>(packed));
        }
    }
    char* header = buf_.data() + kRoom - kRawHeader;
    header[0] = static_cast<char>(kRaw);
    put_be32(header + 1, count_);
    return std::string_view(header, kRawHeader + body);
}

void Builder::clear() {
    buf_.clear();
    count_ = 0;
}

Reader::Reader(std::string_view key, std::string_view value, std::string& scratch,
               std::string_view path, std::string_view what) {
    if (key.size() != 8) {
        throw LogError("event log " + std::string(path) + ": corrupt event key of " +
                       std::to_string(key.size()) + " bytes");
    }
    first_ = keys::read_be64(key);
    const Damage corrupt{path, what, first_};
    if (value.size() < kRawHeader) corrupt("value of " + std::to_string(value.size()) + " bytes");
    count_ = get_be32(value.data() + 1);
    if (count_ == 0) corrupt("empty");
    if (first_ == 0 || first_ - 1 > UINT64_MAX - count_) corrupt("numbers overflow");

    switch (static_cast<unsigned char>(value[0])) {
        case kRaw:
            body_ = value.substr(kRawHeader);
            break;
        case kLz4: {
            if (value.size() < kLz4Header) corrupt("truncated LZ4 header");
            std::uint32_t size = get_be32(value.data() + 5);
            std::string_view packed = value.substr(kLz4Header);
            // LZ4 expands at most 255:1; a larger claim is damage, not a reason to allocate.
            if (size / 255 > packed.size() || packed.size() > LZ4_MAX_INPUT_SIZE) {
                corrupt("implausible LZ4 sizes");
            }
            if (scratch.size() < size) scratch.resize(size);
            int got = LZ4_decompress_safe(packed.data(), scratch.data(),
                                          static_cast<int>(packed.size()), static_cast<int>(size));
            if (got < 0 || static_cast<std::uint32_t>(got) != size) {
                corrupt("LZ4 data does not decompress to " + std::to_string(size) + " bytes");
            }
            body_ = std::string_view(scratch.data(), size);
            break;
        }
        default:
            corrupt("unknown format " + std::to_string(static_cast<unsigned char>(value[0])));
    }

    // Walk every length once so that for_each() can trust them.
    const char* p = body_.data();
    const char* end = p + body_.size();
    for (std::uint32_t i = 0; i < count_; ++i) {
        std::uint32_t len = 0;
        if (!read_varint(p, end, len) || len > static_cast<std::size_t>(end - p)) {
            corrupt("item " + std::to_string(first_ + i) + " runs past the end");
        }
        p += len;
    }
    if (p != end) corrupt("bytes left after " + std::to_string(count_) + " items");
}

std::string_view Reader::next(std::size_t& offset) const {
    const char* p = body_.data() + offset;
    std::uint32_t len = 0;
    read_varint(p, body_.data() + body_.size(), len);
    std::string_view event(p, len);
    offset = static_cast<std::size_t>(p - body_.data()) + len;
    return event;
}

}  // namespace cordgate::eventlog::segment
