#pragma once
// Discord's zlib-stream transport compression: one inflate context for the whole connection
// (never reset between messages); a message is complete when the bytes received so far end
// with the Z_SYNC_FLUSH marker 00 00 ff ff.

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cordgate::adapters::discord {

class InflateError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// A message that inflates past the stream's bound; it was not inflated further.
class MessageTooBig : public InflateError {
  public:
    MessageTooBig(std::size_t bytes, std::size_t limit);
    std::size_t bytes() const { return bytes_; }  // inflated when it was given up, at least

  private:
    std::size_t bytes_;
};

class ZlibStream {
  public:
    // A message is at most `max_message_bytes` inflated (a few kilobytes of deflate can
    // inflate to gigabytes); past it feed() throws MessageTooBig.
    explicit ZlibStream(std::size_t max_message_bytes);
    ~ZlibStream();
    ZlibStream(const ZlibStream&) = delete;
    ZlibStream& operator=(const ZlibStream&) = delete;

    // Feeds one binary frame; returns the decompressed message once a flush marker ends it.
    // Throws InflateError on corrupt data and MessageTooBig past the bound (the connection
    // must then be dropped).
    std::optional<std::string> feed(std::string_view frame);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cordgate::adapters::discord
