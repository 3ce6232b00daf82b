// The RFC 6455 frame reader (adapters/discord/websocket_frames.hpp) over any bytes a server can
// send, read twice: all at once, and in small chunks as a socket may deliver them (the first
// byte picks the chunk size). Both reads must find the same frames, and stop at the same error.

#include <adapters/discord/websocket_frames.hpp>
#include <tests/fuzz/fuzz_check.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace cordgate::adapters::discord::websocket;

constexpr std::size_t kMaxMessage = 4096;  // small, so that the bound is met often

// Each frame found, as one line: its kind, code and payload.
std::string describe(const Frame& f) {
    return std::to_string(static_cast<int>(f.kind)) + " " + std::to_string(f.code) + " " +
           std::string(f.payload) + "\n";
}

// Reads what `buffer` holds from `offset` on; returns false after an error.
bool read_available(FrameReader& reader, const std::string& buffer, std::size_t& offset,
                    std::string& found) {
    std::string_view in(buffer);
    in.remove_prefix(offset);
    for (;;) {
        const std::size_t before = in.size();
        const Frame f = reader.next(in);
        offset += before - in.size();
        if (f.kind == Frame::Kind::need_more) return true;
        found += describe(f);
        if (f.kind == Frame::Kind::error) return false;
    }
}

std::string read_in_chunks(std::string_view bytes, std::size_t chunk) {
    FrameReader reader(kMaxMessage);
    std::string buffer, found;
    std::size_t offset = 0;
    while (!bytes.empty()) {
        const std::size_t n = std::min(chunk, bytes.size());
        buffer.append(bytes.substr(0, n));
        bytes.remove_prefix(n);
        if (!read_available(reader, buffer, offset, found)) break;
    }
    return found;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t chunk = 1 + data[0] % 16;
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    cordgate::fuzz::check_equal("frames read at once and in chunks differ",
                                read_in_chunks(bytes, bytes.size() + 1),
                                read_in_chunks(bytes, chunk));
    return 0;
}
