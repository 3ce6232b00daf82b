#pragma once
// Canonical JSON for plain structs, driven by a field list declared next to each struct:
//
//   struct Contact {
//       Snowflake id;
//       std::optional<std::string> nick;
//       static constexpr auto fields = std::tuple{field("id", &Contact::id),
//                                                 field("nick", &Contact::nick)};
//   };
//
// Canonical means: keys in field-list order, absent optionals omitted, no whitespace, integers
// only (no floats), so one value always has one encoding. Decoding is strict — a missing
// required field, an unknown key or a wrong type is a CodecError naming the path — because
// every producer of these bytes is ours, and a silently ignored key is a lost field.
//
// Forgetting to list a new member is a build error: encode() checks the field list against the
// aggregate's member count.
//
// Two encoders and two decoders walk the field lists, each in its own header:
// - encode() writes with JsonOut (codec_write.hpp) into a reused buffer.
// - decode() first reads with CanonicalReader (codec_read_canonical.hpp), which accepts exactly
//   the bytes encode() writes and fills the struct in one pass. Anything else — other key
//   orders, whitespace, other escapes, and every error — is decoded again from a RapidJSON DOM
//   by read_value() (codec_read_dom.hpp), which accepts any valid JSON and names the path of
//   what is wrong. Errors and what is accepted are therefore those of the DOM decoder; the fast
//   path only makes the canonical case cheap.
//
// A value type needs all three overloads (write_json, read_canonical, read_value); a missing one
// is a build error. (Until 2026-12-02 a type with only RapidJSON overloads was written through
// RapidJSON's Writer, whose SSE2 scan leaves 0x1A-0x1F raw inside 16-byte blocks: no type used
// that path, and it is gone.)

#include <core/codec_enum.hpp>
#include <core/codec_fields.hpp>
#include <core/codec_read_canonical.hpp>
#include <core/codec_read_dom.hpp>
#include <core/codec_write.hpp>
#include <core/json_doc.hpp>

#include <string>
#include <string_view>
#include <variant>

namespace cordgate::core {

// ---- entry points ------------------------------------------------------------------------

namespace detail {
template <class T>
bool decode_canonical(std::string_view text, T& out) {
    CanonicalReader r(text);
    return read_canonical(r, out) && r.at_end();
}

template <class T>
void decode_dom(std::string_view text, T& out) {
    StackJson json;  // see json_doc.hpp: no heap chunk per decode
    parse_json_into(json.doc(), text);
    read_value(json.doc(), out, Path{});
}
}  // namespace detail

template <class T>
std::string encode(const T& value) {
    JsonOut out(json_out_buffer());
    write_json(out, value);
    return take_json_out(out);
}

template <class T>
T decode(std::string_view text) {
    T out{};
    if (!detail::decode_canonical(text, out)) {
        out = T{};
        detail::decode_dom(text, out);
    }
    return out;
}

// ---- tagged unions ----------------------------------------------------------------------
// A std::variant whose alternatives each carry `static constexpr const char* type`: the tag
// travels next to the payload ("type": "...", "payload": {...}) in the envelopes.

template <class Variant>
const char* variant_type_name(const Variant& v) {
    return std::visit([](const auto& alt) { return std::remove_cvref_t<decltype(alt)>::type; }, v);
}

template <class Variant, std::size_t I = 0>
bool read_variant(std::string_view type, const JsonValue& j, Variant& out, const Path& p) {
    if constexpr (I == std::variant_size_v<Variant>) {
        return false;
    } else {
        using Alt = std::variant_alternative_t<I, Variant>;
        if (type == Alt::type) {
            Alt alt{};
            read_value(j, alt, p);
            out = std::move(alt);
            return true;
        }
        return read_variant<Variant, I + 1>(type, j, out, p);
    }
}

// The "type" and "payload" members of an envelope, canonically: `,"type":"...","payload":{...}`.
template <class Variant>
void write_tagged_json(JsonOut& out, const Variant& payload) {
    std::visit(
        [&](const auto& alt) {
            out.append(detail::TagPrefix<std::remove_cvref_t<decltype(alt)>>::text);
            write_json(out, alt);
        },
        payload);
}

template <class Variant, std::size_t I = 0>
bool read_variant_canonical(std::string_view type, CanonicalReader& r, Variant& out) {
    if constexpr (I == std::variant_size_v<Variant>) {
        return false;  // an unknown type: the DOM decoder names it
    } else {
        using Alt = std::variant_alternative_t<I, Variant>;
        if (type == Alt::type) return read_canonical(r, out.template emplace<I>());
        return read_variant_canonical<Variant, I + 1>(type, r, out);
    }
}

template <class Variant>
bool read_tagged_canonical(CanonicalReader& r, Variant& out) {
    std::string_view type;
    return r.literal(",\"type\":") && r.plain_string(type) && r.literal(",\"payload\":") &&
           read_variant_canonical(type, r, out);
}

}  // namespace cordgate::core
