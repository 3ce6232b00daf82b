#pragma once
// Enums on the wire. A domain state with a fixed set of values is an enum in memory and its
// value's name on the wire ("captcha", not 1): a log stays readable, and adding a value never
// renumbers the others. An enum joins the codec by declaring, next to it, a function
// `enum_names(E)` that returns its {value, name} pairs (found by argument-dependent lookup, so
// the enum must live in namespace cordgate::core). A name the table does not know is a
// CodecError naming the path, as for any other field.

#include <core/codec_read_canonical.hpp>
#include <core/codec_read_dom.hpp>
#include <core/codec_write.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace cordgate::core {

template <class E>
struct EnumName {
    E value;
    std::string_view name;
};

template <class E>
concept NamedEnum = std::is_enum_v<E> && requires(E e) {
    enum_names(e);
};

template <NamedEnum E>
std::string_view enum_name(E value) {
    for (const auto& entry : enum_names(E{})) {
        if (entry.value == value) return entry.name;
    }
    return "?";  // not reached for a value of the table: every enumerator is listed
}

template <NamedEnum E>
std::optional<E> enum_from_name(std::string_view name) {
    for (const auto& entry : enum_names(E{})) {
        if (entry.name == name) return entry.value;
    }
    return std::nullopt;
}

template <NamedEnum E>
void write_json(JsonOut& out, E value) {
    out.string(enum_name(value));
}

template <NamedEnum E>
bool read_canonical(CanonicalReader& r, E& out) {
    std::string_view name;
    if (!r.plain_string(name)) return false;
    auto value = enum_from_name<E>(name);
    if (!value) return false;  // the DOM decoder names the error
    out = *value;
    return true;
}

template <NamedEnum E>
void read_value(const JsonValue& j, E& out, const Path& p) {
    if (!j.IsString()) detail::fail(p, "expected a string");
    auto value = enum_from_name<E>(std::string_view(j.GetString(), j.GetStringLength()));
    if (!value) detail::fail(p, "unknown value");
    out = *value;
}

}  // namespace cordgate::core
