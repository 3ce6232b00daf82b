#pragma once
// A file copied from one HTTP server to another without holding it: GET the source, then PUT
// its body to the sink piece by piece (a bounded buffer, `chunk` bytes), with the source's
// Content-Length as the PUT's. Two steps, so the caller can act on the source's answer (its
// length, its type) before choosing the sink: Discord's upload flow needs the size to hand out
// an upload URL.
//
// Bounded: the whole transfer ends by `timeout`; a body over `max_bytes` is refused from its
// Content-Length before any byte is sent, and a source without one is refused (the sinks,
// XEP-0363 slots and Discord's upload URLs, need the length up front); redirects are not
// followed (a 3xx is a failure naming where it pointed). With `check_addresses`, every
// address the source's host resolves to must pass address_refused (file_policy.hpp), and only
// those are connected to.
//
// One io_context thread, like the rest of io.hpp; no callback after cancel().

#include <adapters/discord/asio_fwd.hpp>
#include <adapters/discord/header_list.hpp>
#include <adapters/discord/url.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace cordgate::adapters::discord {

struct TransferOptions {
    std::uint64_t max_bytes = 0;
    std::chrono::milliseconds timeout{120'000};
    std::size_t chunk = 64 * 1024;
    bool check_addresses = false;
    bool allow_private = false;
};

// The source's answer, its body not read yet.
struct TransferHead {
    int status = 0;  // 0: no answer (error says why)
    std::optional<std::uint64_t> length;
    std::string content_type;
    std::string location;  // of a 3xx
    std::string error;
};

enum class TransferOutcome {
    copied,
    source_failed,  // refused address, connection, status, redirect, no length
    too_big,
    sink_failed,  // connection or non-2xx answer
    timed_out,
};

struct TransferResult {
    TransferOutcome outcome = TransferOutcome::source_failed;
    std::uint64_t bytes = 0;    // sent to the sink
    std::string sha256_base64;  // of the bytes, when copied
    int sink_status = 0;
    std::string sink_body;  // the start of the sink's answer (its error text)
    std::string error;      // for a person
};

class Transfer {
  public:
    Transfer(boost::asio::io_context& io, boost::asio::ssl::context& tls, TransferOptions options);
    ~Transfer();
    Transfer(const Transfer&) = delete;
    Transfer& operator=(const Transfer&) = delete;

    // Sends GET `source`; `on_head` gets the answer's head. A 2xx with a length within bounds
    // leaves the body waiting for send_to; anything else has closed the source already.
    void open(const Url& source, HeaderList headers, std::function<void(TransferHead)> on_head);
    // Streams the waiting body with PUT to `sink` (its `headers` too, plus Content-Length).
    void send_to(const Url& sink, HeaderList headers, std::function<void(TransferResult)> done);
    // Instead of send_to: writes the waiting body to a new file at `path` (never over an
    // existing one), synced before `done` reports it copied.
    void store_to(const std::filesystem::path& path, std::function<void(TransferResult)> done);
    // Instead of send_to: reads the waiting body into memory (it is within max_bytes), for a
    // sink that needs it whole (a multipart upload).
    void read_all(std::function<void(TransferResult, std::string bytes)> done);
    void cancel();

    struct Impl;

  private:
    std::shared_ptr<Impl> impl_;
};

}  // namespace cordgate::adapters::discord
