#pragma once
// The test and benchmark back door under /_emulator/ (documented in README.md): act as any
// user, read back what clients sent, and inject gateway and REST faults.

#include <tests/emulator/cdn.hpp>
#include <tests/emulator/gateway.hpp>
#include <tests/emulator/http_types.hpp>
#include <tests/emulator/operations.hpp>
#include <tests/emulator/rest_router.hpp>

namespace cordgate::tests::emulator {

class ControlApi {
  public:
    ControlApi(World& world, Operations& ops, Gateway& gateway, RestRouter& rest, CdnLog& cdn,
               Scheduler scheduler, Clock clock)
        : world_(world),
          ops_(ops),
          gateway_(gateway),
          rest_(rest),
          cdn_(cdn),
          scheduler_(std::move(scheduler)),
          clock_(std::move(clock)) {}

    // `req.path` starts with /_emulator/.
    HttpResponse handle(const HttpRequest& req);

  private:
    HttpResponse requests(const HttpRequest& req);
    HttpResponse fault(const std::string& kind, const rapidjson::Value& body);
    HttpResponse ratelimits();
    HttpResponse configure_ratelimits(const rapidjson::Value& body);
    struct Flood {
        std::uint64_t channel_id = 0, author_id = 0;
        std::uint64_t left = 0, sent = 0;
        std::uint64_t interval_us = 0;  // 0: as fast as possible
        std::uint64_t start_ms = 0;     // steady clock: the schedule is paced against it
        bool stamp = false;             // content "flood k t_ns" rather than "flood k"
    };
    // Throws ApiError (400/404) for a flood into no channel, before any flood of a batch starts.
    void check_flood(const rapidjson::Value& flood);
    void start_flood(const rapidjson::Value& flood, double rate, bool stamp);
    void flood_step(Flood f);
    std::string flood_content(const Flood& f) const;

    World& world_;
    Operations& ops_;
    Gateway& gateway_;
    RestRouter& rest_;
    CdnLog& cdn_;
    Scheduler scheduler_;
    Clock clock_;
    std::uint64_t floods_running_ = 0;
};

}  // namespace cordgate::tests::emulator
