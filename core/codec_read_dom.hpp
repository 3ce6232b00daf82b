#pragma once
// The strict decoder from a RapidJSON DOM: read_value() for each value type. It accepts any valid
// JSON spelling of a value and names the path of whatever is wrong, so decode() falls back to it
// whenever the canonical reader (codec_read_canonical.hpp) gives up.

#include <core/codec_fields.hpp>
#include <core/utf8.hpp>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <charconv>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::core {

using JsonValue = rapidjson::Value;
using detail::Path;

// Map keys as text: strings as they are; other key types provide parse_map_key().
inline bool parse_map_key(std::string_view text, std::string& out) {
    out.assign(text);
    return true;
}
inline bool parse_map_key(std::string_view text, std::uint64_t& out) {
    if (text.empty() || (text.size() > 1 && text[0] == '0')) return false;  // canonical only
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

namespace detail {
// The text was valid UTF-8, but RapidJSON 1.1.0 decodes an escaped low surrogate without a high
// one before it ("\udc00") to the three bytes of a surrogate: a string the encoder would write
// and the decoder then refuse. Refused here, by path.
inline void check_decoded_utf8(std::string_view s, const Path& p) {
    if (first_invalid_utf8(s)) fail(p, "invalid UTF-8: an escaped lone surrogate");
}
}  // namespace detail

inline void read_value(const JsonValue& j, std::string& out, const Path& p) {
    if (!j.IsString()) detail::fail(p, "expected a string");
    out.assign(j.GetString(), j.GetStringLength());
    detail::check_decoded_utf8(out, p);
}
inline void read_value(const JsonValue& j, bool& out, const Path& p) {
    if (!j.IsBool()) detail::fail(p, "expected true or false");
    out = j.GetBool();
}
inline void read_value(const JsonValue& j, std::int64_t& out, const Path& p) {
    if (!j.IsInt64()) detail::fail(p, "expected a signed 64-bit integer");
    out = j.GetInt64();
}
inline void read_value(const JsonValue& j, std::uint64_t& out, const Path& p) {
    if (!j.IsUint64()) detail::fail(p, "expected an unsigned 64-bit integer");
    out = j.GetUint64();
}
inline void read_value(const JsonValue& j, int& out, const Path& p) {
    if (!j.IsInt()) detail::fail(p, "expected a 32-bit integer");
    out = j.GetInt();
}

template <class T>
void read_value(const JsonValue& j, std::vector<T>& out, const Path& p);
template <class T>
void read_value(const JsonValue& j, std::set<T>& out, const Path& p);
template <class K, class T>
void read_value(const JsonValue& j, std::map<K, T>& out, const Path& p);
template <Described T>
void read_value(const JsonValue& j, T& out, const Path& p);

template <class T>
void read_value(const JsonValue& j, std::vector<T>& out, const Path& p) {
    if (!j.IsArray()) detail::fail(p, "expected an array");
    out.clear();
    out.reserve(j.Size());
    std::size_t i = 0;
    for (const auto& item : j.GetArray()) {
        Path child{&p, nullptr, i++};
        read_value(item, out.emplace_back(), child);
    }
}

template <class T>
void read_value(const JsonValue& j, std::set<T>& out, const Path& p) {
    if (!j.IsArray()) detail::fail(p, "expected an array");
    out.clear();
    std::size_t i = 0;
    for (const auto& item : j.GetArray()) {
        Path child{&p, nullptr, i++};
        T value{};
        read_value(item, value, child);
        if (!out.insert(std::move(value)).second) detail::fail(child, "repeated in a set");
    }
}

template <class K, class T>
void read_value(const JsonValue& j, std::map<K, T>& out, const Path& p) {
    if (!j.IsObject()) detail::fail(p, "expected an object");
    out.clear();
    for (const auto& m : j.GetObject()) {
        K key{};
        Path child{&p, m.name.GetString(), 0};
        const std::string_view name(m.name.GetString(), m.name.GetStringLength());
        detail::check_decoded_utf8(name, child);
        if (!parse_map_key(name, key)) detail::fail(child, "not a valid key");
        read_value(m.value, out[key], child);
    }
}

template <Described T>
void read_value(const JsonValue& j, T& out, const Path& p) {
    if (!j.IsObject()) detail::fail(p, "expected an object");
    std::size_t matched = 0;
    std::apply(
        [&](const auto&... f) {
            (
                [&] {
                    auto& member = out.*(f.member);
                    using M = std::remove_cvref_t<decltype(member)>;
                    auto it = j.FindMember(f.name);
                    Path child{&p, f.name, 0};
                    if (it == j.MemberEnd()) {
                        if constexpr (detail::is_optional<M>::value) {
                            member.reset();
                            return;
                        } else {
                            detail::fail(child, "missing");
                        }
                    }
                    ++matched;
                    if constexpr (detail::is_optional<M>::value) {
                        read_value(it->value, member.emplace(), child);
                    } else {
                        read_value(it->value, member, child);
                    }
                }(),
                ...);
        },
        T::fields);
    if (matched != j.MemberCount()) {
        for (const auto& m : j.GetObject()) {
            bool known = std::apply(
                [&](const auto&... f) {
                    return ((std::string_view(f.name) ==
                             std::string_view(m.name.GetString(), m.name.GetStringLength())) ||
                            ...);
                },
                T::fields);
            if (!known) {
                Path child{&p, m.name.GetString(), 0};
                detail::fail(child, "unknown field");
            }
        }
        detail::fail(p, "duplicate field");
    }
}

namespace detail {
// RapidJSON's iterative parser calls a text that starts with a stray ',' ']' '}' or ':' empty,
// where the recursive one said "Invalid value." (the only difference in 400,000 damaged
// envelopes); keep the better message.
inline rapidjson::ParseErrorCode parse_error(const rapidjson::Document& doc,
                                             std::string_view text) {
    const rapidjson::ParseErrorCode code = doc.GetParseError();
    if (code == rapidjson::kParseErrorDocumentEmpty &&
        text.find_first_not_of(" \t\n\r") != std::string_view::npos) {
        return rapidjson::kParseErrorValueInvalid;
    }
    return code;
}
}  // namespace detail

// Parses text into `doc`; malformed JSON or invalid UTF-8 is a CodecError with the offset.
inline void parse_json_into(rapidjson::Document& doc, std::string_view text) {
    if (auto bad = first_invalid_utf8(text)) {  // see utf8.hpp: faster than RapidJSON's check
        throw CodecError("invalid UTF-8 at offset " + std::to_string(*bad));
    }
    // Iterative: the recursive parser takes stack for each level of nesting, and a frame of a
    // million '[' overflowed it. Same DOM, same errors (see parse_error).
    doc.Parse<rapidjson::kParseIterativeFlag>(text.data(), text.size());
    if (doc.HasParseError()) {
        throw CodecError("malformed JSON at offset " + std::to_string(doc.GetErrorOffset()) + ": " +
                         rapidjson::GetParseError_En(detail::parse_error(doc, text)));
    }
}

inline rapidjson::Document parse_json(std::string_view text) {
    rapidjson::Document doc;
    parse_json_into(doc, text);
    return doc;
}

// Members of an envelope object, read with a clear error when absent or mistyped.
inline const JsonValue& require_member(const JsonValue& obj, const char* name) {
    auto it = obj.FindMember(name);
    if (it == obj.MemberEnd()) throw CodecError(std::string(name) + ": missing");
    return it->value;
}

}  // namespace cordgate::core
