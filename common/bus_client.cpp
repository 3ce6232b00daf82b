#include <common/bus_client.hpp>
#include <common/bus_protocol.hpp>

#include <spdlog/spdlog.h>
#include <zmq.hpp>

#include <set>

namespace cordgate::common {

using Clock = std::chrono::steady_clock;
using Outcome = BusClient::Outcome;

// Effects carried out before an acknowledgement goes out however recent the last one was.
constexpr std::uint64_t kEffectAckBacklog = 1024;

namespace {
// The id of an effect this build cannot decode (a newer version, say), so it can be skipped.
std::uint64_t id_of_undecodable(std::string_view body) {
    try {
        auto doc = core::parse_json(body);
        if (doc.IsObject() && doc.HasMember("id") && doc["id"].IsUint64())
            return doc["id"].GetUint64();
    } catch (const core::CodecError&) {
    }
    return 0;
}
}  // namespace

struct BusClient::Impl {
    BusClientOptions options;
    zmq::context_t context{1};
    zmq::socket_t socket{context, zmq::socket_type::dealer};

    // Events: numbered once a core told us where the origin stands.
    struct Pending {
        std::uint64_t seq;
        std::string bytes;
    };
    std::deque<core::Event> unnumbered;
    std::deque<Pending> pending;
    std::string batch;           // events numbered and waiting for flush(), as a bus batch body
    std::uint64_t next_seq = 0;  // 0 until the first welcome
    std::uint64_t incarnation = 0;

    // Effects.
    std::uint64_t received_upto = 0;
    bool take_next_as_baseline = true;
    std::uint64_t taken_upto = 0;  // highest id handed to the handler and taken
    std::deque<core::Effect> retry_queue;
    std::uint64_t acked_upto = 0;
    std::uint64_t sent_ack = 0;
    Clock::time_point last_ack_sent{};
    std::set<std::uint64_t> completed_later;

    Clock::time_point last_heard{};
    Clock::time_point last_hello{};

    explicit Impl(BusClientOptions o) : options(std::move(o)) {
        socket.set(zmq::sockopt::linger, 0);
        socket.set(zmq::sockopt::sndhwm, 200000);
        socket.set(zmq::sockopt::rcvhwm, 200000);
        socket.set(zmq::sockopt::maxmsgsize, bus::kMaxFrameBytes);
        socket.set(zmq::sockopt::reconnect_ivl, 100);
        socket.set(zmq::sockopt::reconnect_ivl_max, 2000);
        socket.connect(options.endpoint);
        send_hello();
    }

    bool send(std::string_view kind, std::string_view body) {
        try {
            auto r = socket.send(zmq::buffer(kind),
                                 zmq::send_flags::sndmore | zmq::send_flags::dontwait);
            if (!r) return false;
            socket.send(zmq::buffer(body), zmq::send_flags::none);
            return true;
        } catch (const zmq::error_t& e) {
            spdlog::warn("bus: sending {} to {} failed: {}", kind, options.endpoint, e.what());
            return false;
        }
    }

    void send_hello() {
        bus::Hello hello{bus::kProtocolVersion, options.origin,
                         std::string(core::target_name(options.target)), received_upto};
        send(bus::kind::hello, core::encode(hello));
        last_hello = Clock::now();
    }

    void queue_for_sending(std::string_view bytes) {
        if (!batch.empty() && batch.size() + bytes.size() + 1 > bus::kBatchBytes) flush();
        if (bytes.size() > bus::kBatchBytes) {
            // A batch of its own (a heavy account's discord.ready, megabytes): sent from its
            // pending copy rather than copied into the batch first, a copy less at the peak.
            send(bus::kind::events, bytes);
            return;
        }
        bus::append_to_batch(batch, bytes);
    }

    void flush() {
        if (batch.empty()) return;
        // A batch the socket does not take now (its queue is full) is not lost: its events stay
        // pending and go again after the next welcome.
        send(bus::kind::events, batch);
        batch.clear();
    }

    void number_and_queue(core::Event event) {
        event.origin = options.origin;
        event.origin_seq = next_seq++;
        Pending p{event.origin_seq, core::encode_event(event)};
        if (p.bytes.size() > bus::kBatchBytes) {
            spdlog::info("bus: event {} of '{}' is {} bytes", p.seq, options.origin,
                         p.bytes.size());
        }
        queue_for_sending(p.bytes);
        pending.push_back(std::move(p));
    }

    void on_welcome(const bus::Welcome& w) {
        if (incarnation != w.incarnation) {
            spdlog::info("bus: core incarnation {} at {}; events of '{}' are durable up to seq {}",
                         w.incarnation, options.endpoint, options.origin, w.last_origin_seq);
        }
        incarnation = w.incarnation;
        while (!pending.empty() && pending.front().seq <= w.last_origin_seq) pending.pop_front();
        if (next_seq <= w.last_origin_seq) next_seq = w.last_origin_seq + 1;
        // What was sent but not acknowledged may have been lost with a core: send it again,
        // the core drops what it already has. A batch still waiting holds some of the same
        // events, so it is dropped and rebuilt from `pending`, in order.
        batch.clear();
        for (const auto& p : pending) queue_for_sending(p.bytes);
        while (!unnumbered.empty()) {
            number_and_queue(std::move(unnumbered.front()));
            unnumbered.pop_front();
        }
        flush();
        take_next_as_baseline = true;
    }

    void on_ack(const bus::Ack& a) {
        while (!pending.empty() && pending.front().seq <= a.origin_seq) pending.pop_front();
    }

    void offer(core::Effect effect, const EffectHandler& handler) {
        if (effect.id <= taken_upto) return;  // already carried out: a resend
        if (!retry_queue.empty()) {
            retry_queue.push_back(std::move(effect));
            return;
        }
        if (!take(effect, handler)) retry_queue.push_back(std::move(effect));
    }

    bool take(const core::Effect& effect, const EffectHandler& handler) {
        Outcome outcome = handler(effect);
        if (outcome == Outcome::retry) return false;
        taken_upto = effect.id;
        if (outcome == Outcome::done) complete(effect.id);
        return true;
    }

    void complete(std::uint64_t id) {
        completed_later.insert(id);
        while (!completed_later.empty() && *completed_later.begin() <= acked_upto + 1) {
            acked_upto = std::max(acked_upto, *completed_later.begin());
            completed_later.erase(completed_later.begin());
        }
    }

    void on_effect(std::string_view body, const EffectHandler& handler) {
        core::Effect effect;
        try {
            effect = core::decode_effect(body);
        } catch (const core::CodecError& e) {
            // Skipping is the only way forward: the core would send it again forever. The
            // effect stays in the core's log for a person to look at.
            std::uint64_t id = id_of_undecodable(body);
            spdlog::error("bus: skipping effect {} that does not decode ({}): {:.200}", id,
                          e.what(), body);
            if (id > taken_upto) {
                received_upto = std::max(received_upto, id);
                taken_upto = id;
                complete(id);
            }
            return;
        }
        if (take_next_as_baseline) {
            // After a welcome the core sends from where it stands; that is our baseline.
            take_next_as_baseline = false;
            if (acked_upto == 0 && taken_upto == 0) acked_upto = taken_upto = effect.id - 1;
        } else if (effect.id > received_upto + 1) {
            // A gap: frames were dropped on the way (a full queue). Ask for the rest again.
            spdlog::warn("bus: effect {} arrived after {}; asking the core to resend", effect.id,
                         received_upto);
            send_hello();
            return;
        }
        received_upto = std::max(received_upto, effect.id);
        offer(std::move(effect), handler);
    }

    void retry(const EffectHandler& handler) {
        while (!retry_queue.empty()) {
            core::Effect& next = retry_queue.front();
            if (next.id <= taken_upto) {
                retry_queue.pop_front();
                continue;
            }
            if (!take(next, handler)) return;
            retry_queue.pop_front();
        }
    }

    void handle(std::string_view kind, std::string_view body, const EffectHandler& handler) {
        try {
            if (kind == bus::kind::effects) {
                bus::for_each_in_batch(
                    body, [&](std::string_view effect) { on_effect(effect, handler); });
            } else if (kind == bus::kind::ack) {
                on_ack(core::decode<bus::Ack>(body));
            } else if (kind == bus::kind::welcome) {
                on_welcome(core::decode<bus::Welcome>(body));
            } else if (kind == bus::kind::refused) {
                spdlog::error("bus: the core at {} refused '{}': {}", options.endpoint,
                              options.origin, core::decode<bus::Refused>(body).reason);
            } else {
                spdlog::warn("bus: dropping a frame of unknown kind '{:.40}'", kind);
            }
        } catch (const core::CodecError& e) {
            spdlog::error("bus: dropping a malformed '{:.40}' frame: {}", kind, e.what());
        }
    }

    void send_effect_ack_if_due(Clock::time_point now) {
        if (acked_upto <= sent_ack) return;
        if (acked_upto - sent_ack < kEffectAckBacklog &&
            now - last_ack_sent < options.effect_ack_interval) {
            return;
        }
        if (send(bus::kind::effect_ack, core::encode(bus::EffectAck{acked_upto}))) {
            sent_ack = acked_upto;
            last_ack_sent = now;
        }
    }

    void poll(std::chrono::milliseconds timeout, const EffectHandler& handler) {
        flush();
        retry(handler);
        zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
        try {
            zmq::poll(&item, 1, timeout);
        } catch (const zmq::error_t& e) {
            if (e.num() != EINTR) throw;
        }
        for (int n = 0; n < 10000; ++n) {
            zmq::message_t kind, body;
            if (!socket.recv(kind, zmq::recv_flags::dontwait)) break;
            last_heard = Clock::now();
            if (!kind.more()) {
                spdlog::warn("bus: dropping a single-part frame");
                continue;
            }
            (void)socket.recv(body, zmq::recv_flags::none);
            while (body.more()) {  // more parts than the protocol has: drain and drop
                zmq::message_t extra;
                (void)socket.recv(extra, zmq::recv_flags::none);
                body.rebuild(0);
                if (!extra.more()) break;
            }
            handle(kind.to_string_view(), body.to_string_view(), handler);
        }
        flush();  // what the effect handler published
        auto now = Clock::now();
        send_effect_ack_if_due(now);
        if (now - last_heard >= options.silence_before_hello &&
            now - last_hello >= options.silence_before_hello) {
            send_hello();
        }
    }
};

BusClient::BusClient(BusClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
BusClient::~BusClient() = default;

void BusClient::publish(core::Event event) {
    if (impl_->next_seq == 0) {
        impl_->unnumbered.push_back(std::move(event));
    } else {
        impl_->number_and_queue(std::move(event));
    }
}

void BusClient::flush() {
    impl_->flush();
}

void BusClient::poll(std::chrono::milliseconds timeout, const EffectHandler& on_effect) {
    impl_->poll(timeout, on_effect);
}

void BusClient::wait(std::chrono::milliseconds timeout, int other_fd, bool other_writable) {
    impl_->flush();
    const short other_events = ZMQ_POLLIN | (other_writable ? ZMQ_POLLOUT : 0);
    zmq::pollitem_t items[2] = {{impl_->socket.handle(), 0, ZMQ_POLLIN, 0},
                                {nullptr, other_fd, other_events, 0}};
    try {
        zmq::poll(items, other_fd >= 0 ? 2 : 1, timeout);
    } catch (const zmq::error_t& e) {
        if (e.num() != EINTR) throw;
    }
}

void BusClient::send_heartbeat(std::string_view body) {
    impl_->send(bus::kind::heartbeat, body);
}

void BusClient::complete(std::uint64_t effect_id) {
    impl_->complete(effect_id);
}

int BusClient::fd() const {
    return impl_->socket.get(zmq::sockopt::fd);
}

bool BusClient::readable() const {
    return (impl_->socket.get(zmq::sockopt::events) & ZMQ_POLLIN) != 0;
}

std::size_t BusClient::unacknowledged_events() const {
    return impl_->pending.size() + impl_->unnumbered.size();
}

std::uint64_t BusClient::last_executed_effect() const {
    return impl_->acked_upto;
}

bool BusClient::welcomed() const {
    return impl_->next_seq != 0;
}

}  // namespace cordgate::common
