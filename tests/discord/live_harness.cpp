#include "live_harness.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

#ifndef CORDGATE_EMULATOR
#error "CORDGATE_EMULATOR must name the discord-emulator binary"
#endif

namespace cordgate::tests::discord {

HttpResult http(int port, const std::string& method, const std::string& path,
                const std::string& body, const std::string& authorization) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot connect to the emulator on port " + std::to_string(port));
    }
    std::string req = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                      "\r\nConnection: close\r\n";
    if (!authorization.empty()) req += "Authorization: " + authorization + "\r\n";
    if (!body.empty()) {
        req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
               "\r\n";
    }
    req += "\r\n" + body;
    ::send(fd, req.data(), req.size(), MSG_NOSIGNAL);
    std::string raw;
    char buf[65536];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) raw.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    HttpResult r;
    if (raw.size() > 12) r.status = std::stoi(raw.substr(9, 3));
    auto split = raw.find("\r\n\r\n");
    if (split != std::string::npos) r.body = raw.substr(split + 4);
    // Chunked replies: the emulator sends Content-Length, so the body is the rest.
    return r;
}

Process::Process(std::vector<std::string> argv, const std::filesystem::path& out,
                 const std::filesystem::path& err) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    pid_t pid = 0;
    int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
    pid_ = pid;
}

Process::~Process() {
    kill_now();
}

void Process::kill_now() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
}

bool Process::running() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
    }
    return true;
}

namespace {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

Live::Live(LiveOptions options) {
    dir_ = std::filesystem::temp_directory_path() /
           ("cordgate-discord-live-" + std::to_string(::getpid()) + "-" +
            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    std::filesystem::create_directories(dir_);
    keys_ = common::create_key_pair(dir_ / "discord.key");
    endpoint_ = "ipc://" + (dir_ / "bus.sock").string();
    bus_ = std::make_unique<runtime::BusServer>(endpoint_);
    std::vector<std::string> emulator_argv{CORDGATE_EMULATOR, "--port", "0", "--seed",
                                           CORDGATE_SEED};
    // 1 s heartbeats make zombie detection testable; a test may ask for another interval.
    if (std::find(options.emulator_args.begin(), options.emulator_args.end(),
                  "--heartbeat-interval") == options.emulator_args.end())
        emulator_argv.insert(emulator_argv.end(), {"--heartbeat-interval", "1000"});
    emulator_argv.insert(emulator_argv.end(), options.emulator_args.begin(),
                         options.emulator_args.end());
    if (options.tls) {
        // A throwaway CA-less self-signed certificate for 127.0.0.1, made with the openssl CLI.
        const std::string cmd =
            "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "
            "/CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout '" +
            (dir_ / "key.pem").string() + "' -out '" + (dir_ / "cert.pem").string() + "' >'" +
            (dir_ / "openssl.log").string() + "' 2>&1";
        if (std::system(cmd.c_str()) != 0)
            throw std::runtime_error("openssl could not make a certificate: " +
                                     read_file(dir_ / "openssl.log"));
        emulator_argv.insert(emulator_argv.end(), {"--tls-cert", (dir_ / "cert.pem").string(),
                                                   "--tls-key", (dir_ / "key.pem").string()});
    }
    emulator_ =
        std::make_unique<Process>(emulator_argv, dir_ / "emulator.out", dir_ / "emulator.err");
    for (int i = 0; i < 200 && port_ == 0; ++i) {
        std::string out = read_file(dir_ / "emulator.out");
        if (auto pos = out.find("LISTENING ");
            pos != std::string::npos && out.find('\n', pos) != std::string::npos) {
            port_ = std::stoi(out.substr(pos + 10));
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
    }
    if (port_ == 0)
        throw std::runtime_error("the emulator did not start: " + read_file(dir_ / "emulator.err"));
    const std::string scheme = options.tls ? "https" : "http";
    std::string files = options.files_toml;
    for (std::size_t at = files.find("{port}"); at != std::string::npos; at = files.find("{port}"))
        files.replace(at, 6, std::to_string(port_));
    std::ofstream(dir_ / "cordgate.toml")
        << "[discord]\napi_base = \"" << scheme << "://127.0.0.1:" << port_ << "/api/v9\"\n"
        << (options.discord_toml.find("cdn_base") == std::string::npos
                ? "cdn_base = \"" + scheme + "://127.0.0.1:" + std::to_string(port_) + "\"\n"
                : std::string())
        << (options.tls && options.trust_cert ? "ca_file = \"cert.pem\"\n" : "")
        << "key_file = \"discord.key\"\nreconnect_min_ms = 100\n"
        << options.discord_toml << "\n"
        << "[files]\n"
        << files << "\n"
        << "[bus]\nendpoint = \"" << endpoint_ << "\"\n[log]\nlevel = \"debug\"\n";
}

Live::~Live() {
    adapter_.reset();
    emulator_.reset();
    bus_.reset();
    if (!std::getenv("CORDGATE_KEEP_TEST_DIR")) {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
}

void Live::start_adapter(std::vector<std::string> extra) {
    std::vector<std::string> argv{CORDGATE_ADAPTER, "--config", (dir_ / "cordgate.toml").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    ++adapter_runs_;
    adapter_ = std::make_unique<Process>(argv, dir_ / "adapter.out", dir_ / "adapter.err");
    peer_.clear();
    wait([&] { return !peer_.empty(); }, std::chrono::seconds(10));
    if (peer_.empty()) throw std::runtime_error("the adapter never said hello: " + adapter_log());
}

void Live::kill_adapter() {
    adapter_.reset();
}

std::string Live::adapter_log() const {
    return read_file(dir_ / "adapter.err");
}

std::string Live::emulator_log() const {
    return read_file(dir_ / "emulator.err");
}

std::uint64_t Live::send_effect(const std::string& user, core::EffectPayload payload,
                                std::uint64_t id) {
    core::Effect e;
    e.id = id ? id : next_effect_id_++;
    e.cause = e.id;
    e.user = user;
    e.payload = std::move(payload);
    std::string body = core::encode_effect(e);
    if (e.id > sent_effects_.size()) sent_effects_.resize(e.id);
    sent_effects_[e.id - 1] = body;
    bus_->send(peer_, common::bus::kind::effects, body);
    return e.id;
}

void Live::handle(const runtime::Frame& f) {
    if (f.kind == common::bus::kind::hello) {
        peer_ = f.peer;
        auto hello = core::decode<common::bus::Hello>(f.body);
        common::bus::Welcome w;
        w.last_origin_seq = last_origin_seq_;
        w.incarnation = 1;
        bus_->send(peer_, common::bus::kind::welcome, core::encode(w));
        // As the core does: everything after what the adapter has seen or acknowledged.
        std::uint64_t from = std::max(hello.received_upto, effect_ack_);
        for (std::uint64_t id = from + 1; id <= sent_effects_.size(); ++id) {
            if (!sent_effects_[id - 1].empty()) {
                bus_->send(peer_, common::bus::kind::effects, sent_effects_[id - 1]);
            }
        }
    } else if (f.kind == common::bus::kind::events) {
        common::bus::for_each_in_batch(f.body, [&](std::string_view bytes) {
            core::Event e;
            try {
                e = core::decode_event(bytes);
            } catch (const core::CodecError&) {
                // Taken as the core takes it (a refusal at its seq): the test says it is wrong.
                undecodable_.emplace_back(bytes);
                auto id = core::read_event_identity(bytes);
                if (id && id->origin_seq > last_origin_seq_) last_origin_seq_ = id->origin_seq;
                return;
            }
            if (e.origin_seq > last_origin_seq_) {
                last_origin_seq_ = e.origin_seq;
                events_.push_back(std::move(e));
            }
        });
        bus_->send(f.peer, common::bus::kind::ack,
                   core::encode(common::bus::Ack{last_origin_seq_}));
    } else if (f.kind == common::bus::kind::effect_ack) {
        effect_ack_ = std::max(effect_ack_, core::decode<common::bus::EffectAck>(f.body).id);
    }
}

void Live::pump(std::chrono::milliseconds for_how_long) {
    wait([] { return false; }, for_how_long);
}

bool Live::wait(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
    auto until = std::chrono::steady_clock::now() + timeout;
    while (!pred()) {
        if (std::chrono::steady_clock::now() >= until) return false;
        for (const auto& f : bus_->receive(20, 1000)) handle(f);
    }
    return true;
}

rapidjson::Document Live::control(const std::string& method, const std::string& path,
                                  const std::string& body) {
    HttpResult r = http(port_, method, path, body);
    rapidjson::Document doc;
    doc.Parse(r.body.data(), r.body.size());
    if (r.status >= 400 || doc.HasParseError()) {
        throw std::runtime_error(method + " " + path + " -> " + std::to_string(r.status) + ": " +
                                 r.body);
    }
    return doc;
}

}  // namespace cordgate::tests::discord
