// READY and READY_SUPPLEMENTAL read in slices (ready_source.hpp) against the same frames read as
// a DOM, through the assembly the adapter feeds them to (ready_assembly.hpp). The input is up to
// three frames, one a line, fed in order to two assemblies: one reads each frame in slices when
// slice_login_dispatch takes it, the other always from the DOM, as the adapter falls back to.
// Both must refuse alike, leave out the same entries and publish the same events.

#include <adapters/discord/gateway_frame.hpp>
#include <adapters/discord/ready_assembly.hpp>
#include <adapters/discord/ready_source.hpp>
#include <core/event.hpp>
#include <tests/fuzz/fuzz_check.hpp>
#include <tests/fuzz/gateway_text.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace cordgate;
using namespace cordgate::adapters::discord;

constexpr std::size_t kMaxFrames = 3;

// What one assembly made of one frame: its events encoded, what it left out, or why it refused.
std::string outcome(ReadyAssembly& assembly, std::string_view name, const ReadySource& d) {
    std::string out;
    Skipped skipped;
    auto emit = [&](core::EventPayload payload) {
        core::Event e;
        e.origin = "discord";
        e.user = "fuzz@localhost";
        e.payload = std::move(payload);
        out += core::encode_event(e) + "\n";
    };
    try {
        if (name == "READY")
            assembly.on_ready(d, skipped, emit);
        else
            assembly.on_supplemental(d, skipped, emit);
    } catch (const MalformedPayload& e) {
        out += std::string("refused: ") + e.what() + "\n";
    }
    for (const std::string& why : skipped) out += "skipped: " + why + "\n";
    return out;
}

std::vector<std::string_view> frames_of(std::string_view input) {
    std::vector<std::string_view> out;
    while (out.size() < kMaxFrames) {
        const std::size_t nl = input.find('\n');
        out.push_back(input.substr(0, nl));
        if (nl == std::string_view::npos) break;
        input.remove_prefix(nl + 1);
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string whole = fuzz::gateway_text(data, size);
    const std::string_view input(whole);
    const bool supplemental = input.find("READY_SUPPLEMENTAL") != std::string_view::npos;
    ReadyAssembly sliced_side(supplemental), dom_side(supplemental);
    for (std::string_view frame : frames_of(input)) {
        std::string text(frame);  // parsed in place
        rapidjson::Document doc;
        const bool parsed = parse_gateway_frame(text, doc);
        const auto sliced = slice_login_dispatch(frame);
        if (sliced && !parsed) fuzz::fail("sliced a frame the DOM refuses", frame);
        if (!parsed) continue;
        const FrameHeader header = read_frame_header(doc);
        if (sliced) {
            if (header.op != 0 || header.name != sliced->name || header.seq != sliced->seq)
                fuzz::fail("the sliced header differs from the DOM's", frame);
        }
        if (header.op != 0 || (header.name != "READY" && header.name != "READY_SUPPLEMENTAL") ||
            !header.d || !header.d->IsObject()) {
            if (sliced) fuzz::fail("sliced a frame the adapter does not read as a login", frame);
            continue;
        }
        const DomReadySource dom(*header.d);
        const std::string from_dom = outcome(dom_side, header.name, dom);
        const std::string from_slices = sliced ? outcome(sliced_side, sliced->name, sliced->d)
                                               : outcome(sliced_side, header.name, dom);
        fuzz::check_equal("READY read in slices and as a DOM differ", from_slices, from_dom);
    }
    return 0;
}
