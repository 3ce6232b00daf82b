// A gateway frame through the adapter's DOM path (gateway_frame.hpp, translate.hpp): any frame
// is read, ignored or named malformed, and an event it makes must go on the bus and come back
// (the core decodes what the adapter publishes, strictly).

#include <adapters/discord/gateway_frame.hpp>
#include <adapters/discord/translate.hpp>
#include <core/event.hpp>
#include <tests/fuzz/fuzz_check.hpp>
#include <tests/fuzz/gateway_text.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace cordgate;
    using namespace cordgate::adapters::discord;
    std::string text = fuzz::gateway_text(data, size);
    rapidjson::Document doc;
    if (!parse_gateway_frame(text, doc)) return 0;
    const FrameHeader header = read_frame_header(doc);
    static const rapidjson::Value kNull;
    Translation tr = translate_dispatch(header.name, header.d ? *header.d : kNull);
    if (tr.kind != Translation::Kind::event) return 0;
    core::Event event;
    event.origin = "discord";
    event.user = "fuzz@localhost";
    event.payload = std::move(*tr.payload);
    const std::string sent = core::encode_event(event);
    fuzz::check_equal("a translated dispatch does not survive the bus", sent,
                      core::encode_event(core::decode_event(sent)));
    return 0;
}
