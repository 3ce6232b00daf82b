// The Discord adapter's file copy alone (adapters/discord/transfer.hpp, the code
// discord.rehost_file runs): reads jobs from stdin, one per line,
//   <source URL> TAB <PUT URL> [TAB <header name> TAB <header value>]...
// copies each (`--concurrency` at a time) and prints one JSON line per file
//   {"i": n, "ok": true, "bytes": b, "ms": t, "sha256": "...", "error": ""}
// then {"rss_before_kib": r0, "peak_rss_kib": r1, "wall_ms": w}: the process's resident set
// before the first transfer and its high-water mark at the end (/proc/self/status), so a
// caller sees whether memory grows with the files' size (streaming) or not.

#include <adapters/discord/transfer.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace cordgate::adapters::discord;

namespace {

struct Job {
    std::size_t index = 0;
    Url source;
    Url sink;
    HeaderList headers;
};

long status_kib(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    const std::size_t n = std::strlen(field);
    while (std::getline(in, line))
        if (line.compare(0, n, field) == 0) return std::atol(line.c_str() + n + 1);
    return -1;
}

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string part;
    while (std::getline(ss, part, '\t')) out.push_back(part);
    return out;
}

class Runner {
  public:
    Runner(boost::asio::io_context& io, boost::asio::ssl::context& tls, std::deque<Job> jobs,
           std::uint64_t max_bytes)
        : io_(io), tls_(tls), jobs_(std::move(jobs)), max_bytes_(max_bytes) {}

    void start(int concurrency) {
        for (int i = 0; i < concurrency; ++i) next();
    }

  private:
    void next() {
        if (jobs_.empty()) return;
        auto job = std::make_shared<Job>(std::move(jobs_.front()));
        jobs_.pop_front();
        TransferOptions options;
        options.max_bytes = max_bytes_;
        auto transfer = std::make_shared<Transfer>(io_, tls_, options);
        const auto t0 = std::chrono::steady_clock::now();
        transfer->open(job->source, {}, [this, job, transfer, t0](TransferHead head) {
            if (!head.error.empty()) {
                report(*job, false, 0, t0, "", head.error);
                next();
                return;
            }
            transfer->send_to(job->sink, job->headers, [this, job, transfer, t0](TransferResult r) {
                report(*job, r.outcome == TransferOutcome::copied, r.bytes, t0, r.sha256_base64,
                       r.error);
                next();
            });
        });
    }

    void report(const Job& job, bool ok, std::uint64_t bytes,
                std::chrono::steady_clock::time_point t0, const std::string& sha,
                const std::string& error) {
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                .count();
        std::string quoted;
        for (char c : error) quoted += (c == '"' || c == '\\') ? ' ' : c;
        std::printf(
            "{\"i\": %zu, \"ok\": %s, \"bytes\": %llu, \"ms\": %.3f, \"sha256\": \"%s\", "
            "\"error\": \"%s\"}\n",
            job.index, ok ? "true" : "false", static_cast<unsigned long long>(bytes), ms,
            sha.c_str(), quoted.c_str());
    }

    boost::asio::io_context& io_;
    boost::asio::ssl::context& tls_;
    std::deque<Job> jobs_;
    std::uint64_t max_bytes_;
};

}  // namespace

int main(int argc, char** argv) {
    int concurrency = 1;
    std::uint64_t max_bytes = 100ull << 20;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::string(argv[i]) == "--concurrency") concurrency = std::atoi(argv[i + 1]);
        if (std::string(argv[i]) == "--max-bytes") max_bytes = std::stoull(argv[i + 1]);
    }
    std::deque<Job> jobs;
    std::string line;
    while (std::getline(std::cin, line)) {
        const auto parts = split_tabs(line);
        if (parts.size() < 2) continue;
        Job j;
        j.index = jobs.size();
        auto s = parse_url(parts[0]);
        auto d = parse_url(parts[1]);
        if (!s || !d) {
            std::cerr << "bad line: " << line << "\n";
            return 2;
        }
        j.source = *s;
        j.sink = *d;
        for (std::size_t k = 2; k + 1 < parts.size(); k += 2)
            j.headers.emplace_back(parts[k], parts[k + 1]);
        jobs.push_back(std::move(j));
    }
    boost::asio::io_context io{1};
    boost::asio::ssl::context tls{boost::asio::ssl::context::tls_client};
    const long before = status_kib("VmRSS:");
    const auto t0 = std::chrono::steady_clock::now();
    Runner runner(io, tls, std::move(jobs), max_bytes);
    runner.start(concurrency);
    io.run();
    const double wall =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::printf("{\"rss_before_kib\": %ld, \"peak_rss_kib\": %ld, \"wall_ms\": %.3f}\n", before,
                status_kib("VmHWM:"), wall);
    return 0;
}
