// The canonical codec's envelopes (core/event.hpp, core/effect.hpp, core/envelope_paths.hpp):
// any text is decoded as an event and as an effect. What decodes encodes to text that decodes to
// the same value; what the canonical reader accepts is exactly what encoding writes, and the DOM
// decoder reads it to the same value. A refused event still names itself or says it cannot.

#include <core/codec_fields.hpp>
#include <core/effect.hpp>
#include <core/envelope_paths.hpp>
#include <core/event.hpp>
#include <tests/fuzz/fuzz_check.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace cordgate;

template <class Value>
struct Codec {
    std::string (*encode)(const Value&);
    Value (*decode)(std::string_view);
    bool (*decode_canonical)(std::string_view, Value&);
    Value (*decode_dom)(std::string_view);
    const char* what;
};

template <class Value>
void check(std::string_view text, const Codec<Value>& codec) {
    const std::string what = codec.what;
    Value canonical;
    if (codec.decode_canonical(text, canonical)) {
        fuzz::check_equal(what + ": the canonical reader took bytes encoding does not write", text,
                          codec.encode(canonical));
        std::string dom;
        try {
            dom = codec.encode(codec.decode_dom(text));
        } catch (const core::CodecError& e) {
            fuzz::fail(what + ": the DOM decoder refuses canonical text", text, e.what());
        }
        fuzz::check_equal(what + ": the canonical reader and the DOM decoder differ", text, dom);
    }
    std::string first;
    try {
        first = codec.encode(codec.decode(text));
    } catch (const core::CodecError&) {
        return;
    }
    try {
        fuzz::check_equal(what + ": encode(decode(encode(x))) is not encode(x)", first,
                          codec.encode(codec.decode(first)));
    } catch (const core::CodecError& e) {
        fuzz::fail(what + ": an encoded value does not decode", first, e.what());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace paths = core::envelope_paths;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    check<core::Event>(text, {core::encode_event, core::decode_event, paths::decode_event_canonical,
                              paths::decode_event_dom, "event"});
    check<core::Effect>(text, {core::encode_effect, core::decode_effect,
                               paths::decode_effect_canonical, paths::decode_effect_dom, "effect"});
    try {
        core::decode_event(text);
    } catch (const core::CodecError&) {
        core::read_event_identity(text);  // how the core names an event it refuses
    }
    return 0;
}
