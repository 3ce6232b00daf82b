// Discord's zlib-stream transport (adapters/discord/zlib_stream.hpp). The first byte's low bit
// picks one of two uses of the rest:
// - 0: the rest as compressed frames (split where a chunk ends with the flush marker, as Discord
//   ends each message), fed to the inflater; it gives messages or throws InflateError.
// - 1: the rest as messages (split at newlines), deflated into one stream with a sync flush after
//   each, as Discord sends them; each must inflate back to exactly what was deflated.

#include <adapters/discord/zlib_stream.hpp>
#include <tests/fuzz/fuzz_check.hpp>

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace cordgate::adapters::discord;

constexpr std::size_t kMaxMessage = 64 * 1024;
constexpr std::string_view kFlush("\x00\x00\xff\xff", 4);

void inflate_frames(std::string_view bytes) {
    ZlibStream stream(kMaxMessage);
    try {
        while (!bytes.empty()) {
            std::size_t end = bytes.find(kFlush);
            end = end == std::string_view::npos ? bytes.size() : end + kFlush.size();
            stream.feed(bytes.substr(0, end));
            bytes.remove_prefix(end);
        }
    } catch (const InflateError&) {
        // The connection would be dropped; nothing else to check.
    }
}

std::vector<std::string> split_lines(std::string_view bytes) {
    std::vector<std::string> out;
    for (;;) {
        const std::size_t nl = bytes.find('\n');
        out.emplace_back(bytes.substr(0, nl));
        if (nl == std::string_view::npos) return out;
        bytes.remove_prefix(nl + 1);
    }
}

void round_trip(std::string_view bytes) {
    z_stream z{};
    if (deflateInit(&z, Z_DEFAULT_COMPRESSION) != Z_OK) cordgate::fuzz::fail("deflateInit");
    ZlibStream stream(kMaxMessage);
    for (const std::string& message : split_lines(bytes)) {
        // Discord sends no empty message (and deflate has nothing to flush after a flush); the
        // bound is inflate_frames' concern.
        if (message.empty() || message.size() > kMaxMessage / 2) continue;
        std::string frame(deflateBound(&z, message.size()) + 16, '\0');
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(message.data()));
        z.avail_in = static_cast<uInt>(message.size());
        z.next_out = reinterpret_cast<Bytef*>(frame.data());
        z.avail_out = static_cast<uInt>(frame.size());
        if (deflate(&z, Z_SYNC_FLUSH) != Z_OK || z.avail_in != 0) cordgate::fuzz::fail("deflate");
        frame.resize(frame.size() - z.avail_out);
        const auto inflated = stream.feed(frame);
        if (!inflated) cordgate::fuzz::fail("a flushed message was not given back", message);
        cordgate::fuzz::check_equal("a message inflates to other bytes", message, *inflated);
    }
    deflateEnd(&z);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    if (data[0] & 1)
        round_trip(rest);
    else
        inflate_frames(rest);
    return 0;
}
