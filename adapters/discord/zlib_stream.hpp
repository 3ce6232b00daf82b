#pragma once
// Discord's zlib-stream transport compression: one inflate context for the whole connection
// (never reset between messages); a message is complete when the bytes received so far end
// with the Z_SYNC_FLUSH marker 00 00 ff ff.

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

class ZlibStream {
  public:
    ZlibStream();
    ~ZlibStream();
    ZlibStream(const ZlibStream&) = delete;
    ZlibStream& operator=(const ZlibStream&) = delete;

    // Feeds one binary frame; returns the decompressed message once a flush marker ends it.
    // Throws InflateError on corrupt data (the connection must then be dropped).
    std::optional<std::string> feed(std::string_view frame);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cordgate::adapters::discord
