#include <adapters/discord/zlib_stream.hpp>

#include <zlib.h>

#include <string>

namespace cordgate::adapters::discord {

MessageTooBig::MessageTooBig(std::size_t bytes, std::size_t limit)
    : InflateError("zlib-stream: a message over " + std::to_string(limit) + " bytes inflated"),
      bytes_(bytes) {}

struct ZlibStream::Impl {
    std::size_t max = 0;
    z_stream z{};
    std::string pending;  // compressed bytes of a message split over several frames
};

ZlibStream::ZlibStream(std::size_t max_message_bytes) : impl_(std::make_unique<Impl>()) {
    impl_->max = max_message_bytes;
    if (inflateInit(&impl_->z) != Z_OK) throw InflateError("zlib: inflateInit failed");
}

ZlibStream::~ZlibStream() {
    inflateEnd(&impl_->z);
}

std::optional<std::string> ZlibStream::feed(std::string_view frame) {
    impl_->pending.append(frame);
    // Compressed bytes with no flush marker yet are a message in the making: bounded as well.
    if (impl_->pending.size() > impl_->max) throw MessageTooBig(impl_->pending.size(), impl_->max);
    const std::string& in = impl_->pending;
    if (in.size() < 4 ||
        in.compare(in.size() - 4, 4, std::string_view("\x00\x00\xff\xff", 4)) != 0) {
        return std::nullopt;
    }
    std::string out;
    z_stream& z = impl_->z;
    z.next_in = reinterpret_cast<Bytef*>(impl_->pending.data());
    z.avail_in = static_cast<uInt>(impl_->pending.size());
    char buf[16384];
    do {
        z.next_out = reinterpret_cast<Bytef*>(buf);
        z.avail_out = sizeof buf;
        int rc = inflate(&z, Z_SYNC_FLUSH);
        if (rc != Z_OK && rc != Z_BUF_ERROR && rc != Z_STREAM_END) {
            throw InflateError(std::string("zlib-stream: ") + (z.msg ? z.msg : "inflate failed"));
        }
        out.append(buf, sizeof buf - z.avail_out);
        if (out.size() > impl_->max) {
            // The stream cannot go on: the rest of this message is still in zlib's window.
            impl_->pending.clear();
            throw MessageTooBig(out.size(), impl_->max);
        }
        if (rc == Z_BUF_ERROR && z.avail_out != 0) break;
    } while (z.avail_in > 0 || z.avail_out == 0);
    impl_->pending.clear();
    return out;
}

}  // namespace cordgate::adapters::discord
