// The capture reader (replay/capture.hpp) and what `cordgate replay --check-snapshot-at` does
// with what it reads: any text is a capture or a CaptureError naming the line; the events of a
// capture fold through the pure core to the same state and effects whether or not the state
// goes through a snapshot half-way, and every effect the core makes decodes again. The same text
// is read as an expected-effects file too.

#include <core/codec_fields.hpp>
#include <core/effect.hpp>
#include <replay/capture.hpp>
#include <replay/runner.hpp>
#include <tests/fuzz/fuzz_check.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

namespace {

using namespace cordgate;

// Folding is what costs; a longer capture finds nothing a shorter one would not.
constexpr std::size_t kMaxEvents = 64;

void check_replay(const std::vector<replay::CapturedEvent>& events) {
    if (auto why = replay::check_snapshot_equivalence(events, events.size() / 2))
        fuzz::fail("a snapshot changes the replay", *why);
    for (const std::string& effect : replay::replay(events).effects) {
        try {
            fuzz::check_equal("an effect does not survive the bus", effect,
                              core::encode_effect(core::decode_effect(effect)));
        } catch (const core::CodecError& e) {
            fuzz::fail("an effect the core made does not decode", effect, e.what());
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        std::istringstream in(text);
        replay::read_effect_lines(in, "fuzz.effects.jsonl");
    } catch (const replay::CaptureError&) {
    }
    std::vector<replay::CapturedEvent> events;
    try {
        std::istringstream in(text);
        events = replay::read_capture(in, "fuzz.jsonl");
    } catch (const replay::CaptureError&) {
        return 0;
    }
    if (events.size() <= kMaxEvents) check_replay(events);
    return 0;
}
