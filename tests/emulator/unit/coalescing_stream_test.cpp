// Emulator: the gateway's coalesced writes. Many messages framed into one output buffer and
// written together must reach a websocket client (Beast's, reading message by message) each
// as its own message, intact and in order, with the pong to the client's ping and the close
// frame between them rather than inside them.

#include <tests/emulator/coalescing_stream.hpp>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket.hpp>

#include <thread>

namespace cordgate::tests::emulator {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using ServerWs = websocket::stream<CoalescingStream<beast::tcp_stream>>;

struct Sent {
    bool binary;
    std::string payload;
};

// Sizes around every length encoding, the fragment size and the bytes per write.
std::vector<Sent> messages() {
    const std::size_t sizes[] = {0,     1,     125,   126,    127,    4095, 4096, 4097,
                                 65535, 65536, 70000, 300000, 600000, 30,   2,    8192};
    std::vector<Sent> out;
    for (int round = 0; round < 12; ++round) {
        for (std::size_t i = 0; i < std::size(sizes); ++i) {
            std::string p(sizes[i], 'a');
            const std::string tag = std::to_string(round) + ":" + std::to_string(i) + ";";
            p.replace(0, std::min(p.size(), tag.size()), tag, 0, std::min(p.size(), tag.size()));
            for (std::size_t k = tag.size(); k < p.size(); ++k)
                p[k] = static_cast<char>('a' + (k * 7 + round) % 26);
            out.push_back({(round + i) % 3 == 0, std::move(p)});
        }
    }
    return out;
}

struct ClientResult {
    std::vector<Sent> got;
    int pongs = 0;
    int close_code = -1;
};

// Connects, pings once, then reads every message until the server's close frame.
ClientResult run_client(std::uint16_t port) {
    ClientResult r;
    asio::io_context io;
    websocket::stream<beast::tcp_stream> ws(io);
    beast::get_lowest_layer(ws).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    ws.read_message_max(1 << 20);
    ws.control_callback([&](websocket::frame_type kind, beast::string_view) {
        if (kind == websocket::frame_type::pong) ++r.pongs;
    });
    ws.handshake("127.0.0.1", "/gateway");
    ws.ping("are you there");
    for (;;) {
        beast::flat_buffer buf;
        beast::error_code ec;
        ws.read(buf, ec);
        if (ec == websocket::error::closed) {
            r.close_code = ws.reason().code;
            break;
        }
        if (ec) break;
        r.got.push_back({ws.got_binary(), beast::buffers_to_string(buf.data())});
    }
    return r;
}

TEST(CoalescingStream, MessagesWrittenTogetherArriveOneByOneInOrder) {
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    const auto port = acceptor.local_endpoint().port();
    ClientResult result;
    std::thread client([&] { result = run_client(port); });

    const std::vector<Sent> sent = messages();
    const std::size_t half = sent.size() / 2;
    auto owner = std::make_shared<int>(0);
    std::unique_ptr<ServerWs> ws;
    beast::flat_buffer read_buf;
    bool drained_inline = false, drained = false;
    std::size_t queued = 0;
    auto write = [&](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i)
            ws->next_layer().write_message(sent[i].binary, sent[i].payload);
    };
    acceptor.async_accept([&](beast::error_code ec, tcp::socket socket) {
        ASSERT_FALSE(ec);
        ws = std::make_unique<ServerWs>(std::move(socket));
        ws->next_layer().keep_alive_with(owner);
        // The client's ping: Beast's pong joins the output after the first half, and the
        // second half follows it, while the first is still on its way.
        ws->control_callback([&](websocket::frame_type kind, beast::string_view) {
            if (kind != websocket::frame_type::ping) return;
            asio::post(io, [&] {
                write(half, sent.size());
                ws->next_layer().when_unsent_at_most(0, [&] { drained = true; });
                drained_inline = drained;
                ws->async_close(websocket::close_code::going_away, [](beast::error_code) {});
            });
        });
        ws->async_accept([&](beast::error_code aec) {
            ASSERT_FALSE(aec);
            ws->async_read(read_buf, [](beast::error_code, std::size_t) {});
            // All in one turn: nothing but the first frame is on its way until the loop runs.
            write(0, half);
            queued = ws->next_layer().unsent();
        });
    });
    io.run();
    client.join();

    std::size_t first_half_bytes = 0;
    for (std::size_t i = 0; i < half; ++i) first_half_bytes += sent[i].payload.size();
    EXPECT_GT(queued, first_half_bytes) << "the frames wait in one buffer";
    EXPECT_FALSE(drained_inline);
    EXPECT_TRUE(drained);
    EXPECT_EQ(result.pongs, 1);
    EXPECT_EQ(result.close_code, 1001);
    ASSERT_EQ(result.got.size(), sent.size());
    for (std::size_t i = 0; i < sent.size(); ++i) {
        ASSERT_EQ(result.got[i].binary, sent[i].binary) << "message " << i;
        ASSERT_EQ(result.got[i].payload.size(), sent[i].payload.size()) << "message " << i;
        ASSERT_TRUE(result.got[i].payload == sent[i].payload) << "message " << i;
    }
}

TEST(CoalescingStream, AFailedSocketReleasesItsWaiters) {
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    tcp::socket peer(io);
    peer.connect(acceptor.local_endpoint());
    auto owner = std::make_shared<int>(0);
    CoalescingStream<beast::tcp_stream> out(acceptor.accept());
    out.keep_alive_with(owner);
    peer.close();  // the client is gone: a write fails (EPIPE or ECONNRESET) once it notices
    const std::string big(1 << 20, 'x');
    out.write_message(false, big);
    bool released = false;
    out.when_unsent_at_most(0, [&] { released = true; });
    for (int i = 0; i < 64 && !out.failed(); ++i) {
        out.write_message(false, big);
        io.run_for(std::chrono::milliseconds(5));
    }
    io.run_for(std::chrono::milliseconds(50));
    EXPECT_TRUE(out.failed());
    EXPECT_TRUE(released);
    EXPECT_EQ(out.unsent(), 0u);
    out.write_message(false, big);
    EXPECT_EQ(out.unsent(), 0u) << "nothing is kept for a dead socket";
}

}  // namespace
}  // namespace cordgate::tests::emulator
