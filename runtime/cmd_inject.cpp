// cordgate inject CAPTURE.jsonl --bus ENDPOINT [--receive xmpp --receive discord]
// Plays a capture into a running cordgate-core as if it were the adapters, and prints the
// effects the core sends back as JSON Lines. Used by the demo before the adapters exist, by
// tests that drive one side of the gateway, and to reproduce a user's report.

#include <common/bus_client.hpp>
#include <replay/capture.hpp>
#include <runtime/commands.hpp>

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

namespace cordgate::runtime {
namespace {

using Clock = std::chrono::steady_clock;

struct InjectArgs {
    std::string capture;
    std::string endpoint = "ipc:///tmp/cordgate/bus.sock";
    std::string origin = "inject";
    std::vector<std::string> receive{"xmpp", "discord"};
    double rate = 0;  // events per second, 0 = as fast as the core acknowledges
    int linger_ms = 1000;
};

int run_inject(const InjectArgs& args) {
    std::ifstream in(args.capture);
    if (!in) throw replay::CaptureError("cannot open " + args.capture);
    auto events = replay::read_capture(in, args.capture);

    std::vector<std::unique_ptr<common::BusClient>> clients;
    for (const auto& name : args.receive) {
        auto target = core::parse_target(name);
        if (!target) throw std::invalid_argument("--receive takes xmpp or discord, not " + name);
        clients.push_back(std::make_unique<common::BusClient>(common::BusClientOptions{
            args.endpoint, args.origin + "-" + name, *target, std::chrono::milliseconds(500)}));
    }
    if (clients.empty()) {
        clients.push_back(std::make_unique<common::BusClient>(common::BusClientOptions{
            args.endpoint, args.origin, core::Target::xmpp, std::chrono::milliseconds(500)}));
    }
    common::BusClient& publisher = *clients.front();
    auto print = [](const core::Effect& effect) {
        std::cout << core::encode_effect(effect) << '\n' << std::flush;
        return common::BusClient::Outcome::done;
    };
    auto poll_all = [&](int ms) {
        for (auto& c : clients) c->poll(std::chrono::milliseconds(ms), print);
    };

    auto start = Clock::now();
    std::size_t sent = 0;
    while (sent < events.size()) {
        if (args.rate > 0) {
            auto due = start + std::chrono::duration<double>(static_cast<double>(sent) / args.rate);
            if (Clock::now() < due) {
                poll_all(1);
                continue;
            }
        }
        core::Event event = events[sent++].event;
        event.ts = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
        publisher.publish(std::move(event));
        if (sent % 256 == 0) poll_all(0);
    }
    // Wait until the core has made every event durable, then linger for the last effects.
    auto deadline = Clock::now() + std::chrono::seconds(30);
    while (publisher.unacknowledged_events() > 0 && Clock::now() < deadline) poll_all(10);
    if (publisher.unacknowledged_events() > 0) {
        std::cerr << "inject: the core did not acknowledge " << publisher.unacknowledged_events()
                  << " events within 30 s\n";
        return 1;
    }
    auto linger_end = Clock::now() + std::chrono::milliseconds(args.linger_ms);
    while (Clock::now() < linger_end) poll_all(10);
    std::cerr << "inject: " << events.size() << " events acknowledged by the core\n";
    return 0;
}

}  // namespace

void add_inject_command(CLI::App& app, int& exit_code) {
    auto args = std::make_shared<InjectArgs>();
    CLI::App* cmd = app.add_subcommand("inject", "play a capture into a running core");
    cmd->add_option("capture", args->capture, "capture (JSON Lines of events)")->required();
    cmd->add_option("--bus", args->endpoint, "the core's bus endpoint");
    cmd->add_option("--origin", args->origin, "origin name for the injected events");
    cmd->add_option("--receive", args->receive, "effects to receive and print: xmpp, discord");
    cmd->add_option("--rate", args->rate, "events per second (default: as fast as acked)");
    cmd->add_option("--linger-ms", args->linger_ms, "how long to wait for effects at the end");
    cmd->callback([args, &exit_code] {
        try {
            exit_code = run_inject(*args);
        } catch (const std::exception& e) {
            std::cerr << "inject: " << e.what() << "\n";
            exit_code = 2;
        }
    });
}

}  // namespace cordgate::runtime
