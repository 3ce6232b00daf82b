// The hot dispatch reader against the DOM path it stands in for, as the adapter chooses between
// them (gateway_connection.cpp: read_hot_dispatch first, the DOM when it declines). Declining is
// always allowed; a frame it takes must give the DOM path's sequence number, name and event,
// byte for byte once encoded.

#include <adapters/discord/gateway_frame.hpp>
#include <adapters/discord/hot_dispatch.hpp>
#include <adapters/discord/translate.hpp>
#include <core/event.hpp>
#include <tests/fuzz/fuzz_check.hpp>
#include <tests/fuzz/gateway_text.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

using namespace cordgate;
using namespace cordgate::adapters::discord;

std::string encoded(core::EventPayload payload) {
    core::Event e;
    e.origin = "discord";
    e.user = "fuzz@localhost";
    e.payload = std::move(payload);
    return core::encode_event(e);
}

std::string seq_text(std::optional<std::int64_t> seq) {
    return seq ? std::to_string(*seq) : "none";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string frame = fuzz::gateway_text(data, size);
    auto hot = read_hot_dispatch(frame);
    if (!hot) return 0;

    std::string text = frame;  // parsed in place
    rapidjson::Document doc;
    if (!parse_gateway_frame(text, doc)) fuzz::fail("hot path took a frame the DOM refuses", frame);
    const FrameHeader header = read_frame_header(doc);
    if (header.op != 0) fuzz::fail("hot path took a frame whose op is not 0", frame);
    static const rapidjson::Value kNull;
    Translation tr = translate_dispatch(header.name, header.d ? *header.d : kNull);
    if (tr.kind != Translation::Kind::event)
        fuzz::fail("hot path took a frame the DOM path makes no event of", frame, tr.error);

    fuzz::check_equal("sequence numbers differ", seq_text(hot->seq), seq_text(header.seq));
    fuzz::check_equal("dispatch names differ", hot->name, header.name);
    fuzz::check_equal("events differ (hot, DOM)", encoded(std::move(hot->payload)),
                      encoded(std::move(*tr.payload)));
    return 0;
}
