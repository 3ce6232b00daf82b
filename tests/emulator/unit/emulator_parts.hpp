#pragma once
// The emulator's parts wired as discord-emulator wires them, on a clock a test moves by hand
// (`now`, in milliseconds) and a scheduler that runs at once: for tests that go through the
// REST router and the gateway together.

#include <tests/emulator/cdn.hpp>
#include <tests/emulator/control_api.hpp>

#include <cstdint>
#include <functional>

namespace cordgate::tests::emulator {

struct EmulatorParts {
    std::uint64_t now = 1'000'000;
    Clock clock{[this] { return now; }, [this] { return now; }, [this] { return now * 1000000; }};
    World world;
    Scheduler scheduler = [](std::uint64_t, std::function<void()> fn) { fn(); };
    Gateway gateway{world, scheduler, "ws://x/gateway", 1000};
    Operations ops{world, gateway};
    RestRouter rest{world, ops, clock, "ws://x/gateway"};
    CdnLog cdn;
};

}  // namespace cordgate::tests::emulator
