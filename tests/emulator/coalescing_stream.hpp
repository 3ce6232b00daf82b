#pragma once
// The layer under the gateway's Beast websocket stream: server -> client messages are framed
// here and appended to one output buffer, which goes to the socket in large writes. Beast
// writes one message per async_write, one syscall and one handler each; a flood sends
// hundreds of small frames per loop turn. Beast's own writes (the handshake response, pongs,
// close frames) pass through the same buffer, in call order, so frames never interleave.
// Only server frames without permessage-deflate (Beast's default) are framed here: unmasked,
// uncompressed, fragmented like Beast's auto_fragment.

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/websocket/teardown.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cordgate::tests::emulator {

template <class Next>
class CoalescingStream {
  public:
    using executor_type = typename Next::executor_type;
    // Beast's default write_buffer_bytes: longer messages go out in fragments of this size, so
    // the bytes on the wire are what Beast's async_write made of them.
    static constexpr std::size_t kFragment = 4096;
    // Bytes per socket write: large enough to carry hundreds of frames per syscall, small
    // enough that one write does not hold a megabyte back from the next producer's turn.
    static constexpr std::size_t kMaxWrite = 256 * 1024;

    template <class... Args>
    explicit CoalescingStream(Args&&... args) : next_(std::forward<Args>(args)...) {}

    Next& next_layer() { return next_; }
    const Next& next_layer() const { return next_; }
    executor_type get_executor() { return next_.get_executor(); }

    // Pending writes hold `owner` (the connection this stream belongs to) until they finish.
    void keep_alive_with(std::weak_ptr<void> owner) { owner_ = std::move(owner); }

    // One complete text or binary message from the server.
    void write_message(bool binary, std::string_view payload) {
        if (failed_) return;
        std::uint8_t op = binary ? 0x2 : 0x1;
        do {
            const std::size_t n = std::min(payload.size(), kFragment);
            const bool fin = n == payload.size();
            append_header(fin, op, n);
            filling_.append(payload.data(), n);
            payload.remove_prefix(n);
            op = 0x0;  // continuation
        } while (!payload.empty());
        write_more();
    }

    // Bytes accepted and not yet written to the socket.
    std::size_t unsent() const { return writing_.size() - written_ + filling_.size(); }
    bool failed() const { return failed_; }

    // Runs `fn` once unsent() is at most `bytes`, or the socket has failed; never inline.
    void when_unsent_at_most(std::size_t bytes, std::function<void()> fn) {
        if (failed_ || unsent() <= bytes) {
            boost::asio::post(next_.get_executor(), std::move(fn));
            return;
        }
        waiters_.emplace_back(bytes, std::move(fn));
    }

    template <class MutableBuffers, class ReadToken>
    auto async_read_some(const MutableBuffers& buffers, ReadToken&& token) {
        return next_.async_read_some(buffers, std::forward<ReadToken>(token));
    }

    // Beast's writes: copied into the buffer, completed at once (after the initiating call).
    template <class ConstBuffers, class WriteToken>
    auto async_write_some(const ConstBuffers& buffers, WriteToken&& token) {
        return boost::asio::async_initiate<WriteToken, void(boost::beast::error_code, std::size_t)>(
            [this](auto handler, const ConstBuffers& bufs) {
                boost::beast::error_code ec;
                std::size_t n = 0;
                if (failed_) {
                    ec = boost::asio::error::broken_pipe;
                } else {
                    for (auto it = boost::asio::buffer_sequence_begin(bufs);
                         it != boost::asio::buffer_sequence_end(bufs); ++it) {
                        const boost::asio::const_buffer b(*it);
                        filling_.append(static_cast<const char*>(b.data()), b.size());
                        n += b.size();
                    }
                    write_more();
                }
                auto ex = boost::asio::get_associated_executor(handler, next_.get_executor());
                boost::asio::post(ex, boost::beast::bind_front_handler(std::move(handler), ec, n));
            },
            token, buffers);
    }

  private:
    void append_header(bool fin, std::uint8_t op, std::size_t n) {
        char head[10];
        std::size_t len = 2;
        head[0] = static_cast<char>((fin ? 0x80 : 0x00) | op);
        if (n < 126) {
            head[1] = static_cast<char>(n);
        } else if (n <= 0xFFFF) {
            head[1] = 126;
            head[2] = static_cast<char>(n >> 8);
            head[3] = static_cast<char>(n & 0xFF);
            len = 4;
        } else {
            head[1] = 127;
            for (int i = 0; i < 8; ++i) head[2 + i] = static_cast<char>(n >> (56 - 8 * i));
            len = 10;
        }
        filling_.append(head, len);
    }

    // At most one socket write at a time; what arrives meanwhile waits in `filling_`.
    void write_more() {
        if (busy_ || failed_) return;
        if (written_ == writing_.size()) {
            if (filling_.empty()) return;
            writing_.clear();
            written_ = 0;
            writing_.swap(filling_);
        }
        auto owner = owner_.lock();
        if (!owner) return;
        busy_ = true;
        const std::size_t n = std::min(kMaxWrite, writing_.size() - written_);
        boost::asio::async_write(
            next_, boost::asio::buffer(writing_.data() + written_, n),
            [this, owner = std::move(owner)](boost::beast::error_code ec, std::size_t done) {
                on_written(ec, done);
            });
    }

    void on_written(boost::beast::error_code ec, std::size_t n) {
        busy_ = false;
        if (ec) {
            failed_ = true;
            std::string().swap(writing_);
            std::string().swap(filling_);
            written_ = 0;
        } else {
            written_ += n;
            write_more();  // before the waiters, so the socket is busy while they produce
        }
        notify();
    }

    void notify() {
        if (waiters_.empty()) return;
        // Taken out first: a waiter may register again (a flood waiting for its next batch).
        std::vector<std::function<void()>> ready;
        const std::size_t left = unsent();
        auto keep = std::remove_if(waiters_.begin(), waiters_.end(), [&](auto& w) {
            if (!failed_ && left > w.first) return false;
            ready.push_back(std::move(w.second));
            return true;
        });
        waiters_.erase(keep, waiters_.end());
        for (auto& fn : ready) fn();
    }

    Next next_;
    std::weak_ptr<void> owner_;
    std::string filling_;  // appended to while `writing_` is on its way
    std::string writing_;
    std::size_t written_ = 0;  // bytes of `writing_` the socket took
    bool busy_ = false;
    bool failed_ = false;
    std::vector<std::pair<std::size_t, std::function<void()>>> waiters_;
};

// Beast's close handshake ends with a teardown of the layer below it: only once everything
// queued (the close frame last) has been written.
template <class Next, class TeardownHandler>
void async_teardown(boost::beast::role_type role, CoalescingStream<Next>& stream,
                    TeardownHandler&& handler) {
    auto h =
        std::make_shared<std::decay_t<TeardownHandler>>(std::forward<TeardownHandler>(handler));
    stream.when_unsent_at_most(0, [&stream, role, h] {
        using boost::beast::websocket::async_teardown;
        async_teardown(role, stream.next_layer(), std::move(*h));
    });
}

}  // namespace cordgate::tests::emulator
