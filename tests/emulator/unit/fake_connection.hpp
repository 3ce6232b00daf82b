#pragma once
// A gateway Connection that keeps what the gateway sent it, for the gateway's unit tests.

#include <tests/emulator/gateway.hpp>

#include <rapidjson/document.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::tests::emulator {

struct FakeConnection : Connection {
    std::vector<std::string> sent;
    int closed_with = -1;
    bool dropped = false;
    void send(std::string_view frame) override { sent.emplace_back(frame); }
    void close(std::uint16_t code, std::string) override { closed_with = code; }
    void drop() override { dropped = true; }
    void ping(std::string_view) override {}
    std::size_t unsent() const override { return 0; }
    void when_unsent_at_most(std::size_t, std::function<void()>) override {}

    rapidjson::Document frame(std::size_t i) const {
        rapidjson::Document d;
        d.Parse(sent.at(i).c_str());
        return d;
    }
};

}  // namespace cordgate::tests::emulator
