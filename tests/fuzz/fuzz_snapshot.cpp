// The snapshot decoder (core::decode_state, core/state.hpp): a snapshot is read from disk at
// start. Any text is decoded or refused with a CodecError, and a state that decodes writes a
// snapshot that decodes to the same state.

#include <core/codec_fields.hpp>
#include <core/state.hpp>
#include <tests/fuzz/fuzz_check.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace cordgate;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string first;
    try {
        first = core::encode_state(core::decode_state(text));
    } catch (const core::CodecError&) {
        return 0;
    }
    try {
        fuzz::check_equal("encode(decode(snapshot)) does not write itself again", first,
                          core::encode_state(core::decode_state(first)));
    } catch (const core::CodecError& e) {
        fuzz::fail("a written snapshot does not decode", first, e.what());
    }
    return 0;
}
