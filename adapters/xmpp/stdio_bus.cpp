#include <adapters/xmpp/stdio_bus.hpp>

#include <poll.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>

namespace cordgate::adapters::xmpp {

void StdioBus::publish(core::Event event) {
    event.origin_seq = next_seq_++;
    std::string line = core::encode_event(event);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), out_);
    std::fflush(out_);
}

void StdioBus::poll(std::chrono::milliseconds timeout, const EffectHandler& on_effect) {
    if (!closed_) {
        pollfd pfd{in_fd_, POLLIN, 0};
        int ready = ::poll(&pfd, 1, pending_.empty() ? static_cast<int>(timeout.count()) : 0);
        if (ready > 0) {
            char buf[65536];
            ssize_t n = ::read(in_fd_, buf, sizeof buf);
            if (n > 0) {
                buffer_.append(buf, static_cast<std::size_t>(n));
            } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                closed_ = true;
            }
        }
        std::size_t start = 0;
        for (std::size_t nl; (nl = buffer_.find('\n', start)) != std::string::npos;
             start = nl + 1) {
            std::string_view line(buffer_.data() + start, nl - start);
            if (line.empty()) continue;
            try {
                core::Effect effect = core::decode_effect(line);
                if (effect.id <= highest_received_) {
                    spdlog::debug("stdio bus: skipped effect {} (already received)", effect.id);
                    continue;
                }
                highest_received_ = effect.id;
                pending_.push_back(std::move(effect));
            } catch (const core::CodecError& e) {
                spdlog::warn("stdio bus: dropped an effect line that does not decode: {}",
                             e.what());
            }
        }
        buffer_.erase(0, start);
    } else if (pending_.empty()) {
        ::usleep(static_cast<useconds_t>(timeout.count()) * 1000);
    }
    while (!pending_.empty()) {
        if (!on_effect(pending_.front())) break;
        pending_.pop_front();
    }
}

void StdioBus::wait(std::chrono::milliseconds timeout, int other_fd, bool other_writable) {
    // Effects still pending wait for the server (poll() offers them again): sleep all the same.
    const short other_events = POLLIN | (other_writable ? POLLOUT : 0);
    pollfd fds[2] = {{closed_ ? -1 : in_fd_, POLLIN, 0}, {other_fd, other_events, 0}};
    ::poll(fds, 2, static_cast<int>(timeout.count()));  // a negative fd is ignored by poll()
}

}  // namespace cordgate::adapters::xmpp
