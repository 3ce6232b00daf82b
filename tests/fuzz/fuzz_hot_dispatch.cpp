// The DOM-free reader of the hot dispatches (adapters/discord/hot_dispatch.hpp) over any frame:
// it must decline or read, never crash, and what it reads must go on the bus and come back.

#include <adapters/discord/hot_dispatch.hpp>
#include <core/event.hpp>
#include <tests/fuzz/fuzz_check.hpp>
#include <tests/fuzz/gateway_text.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace cordgate;
    const std::string frame = fuzz::gateway_text(data, size);
    auto hot = adapters::discord::read_hot_dispatch(frame);
    if (!hot) return 0;
    core::Event event;
    event.origin = "discord";
    event.user = "fuzz@localhost";
    event.payload = std::move(hot->payload);
    const std::string sent = core::encode_event(event);
    fuzz::check_equal("a hot dispatch's event does not survive the bus", sent,
                      core::encode_event(core::decode_event(sent)));
    return 0;
}
