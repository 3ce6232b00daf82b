#pragma once
// The canonical encoder: write_json() for each value type, into a JsonOut (json_out.hpp). A type
// of our own adds write_json() (and write_json_key() if it keys a map) next to it, found by
// argument-dependent lookup; see snowflake.hpp.

#include <core/codec_fields.hpp>
#include <core/json_out.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace cordgate::core {

inline void write_json(JsonOut& out, const std::string& v) {
    out.string(v);
}
inline void write_json(JsonOut& out, bool v) {
    out.boolean(v);
}
inline void write_json(JsonOut& out, std::int64_t v) {
    out.integer(v);
}
inline void write_json(JsonOut& out, std::uint64_t v) {
    out.integer(v);
}
inline void write_json(JsonOut& out, int v) {
    out.integer(v);
}

inline void write_json_key(JsonOut& out, const std::string& k) {
    out.string(k);
}
inline void write_json_key(JsonOut& out, std::uint64_t k) {
    out.put('"');
    out.integer(k);
    out.put('"');
}

template <class T>
void write_json(JsonOut& out, const std::vector<T>& v);
template <class T>
void write_json(JsonOut& out, const std::set<T>& v);
template <class K, class T>
void write_json(JsonOut& out, const std::map<K, T>& v);
template <Described T>
void write_json(JsonOut& out, const T& v);

namespace detail {
template <class Range>
void write_json_array(JsonOut& out, const Range& items) {
    const std::size_t at = out.open();
    for (const auto& item : items) {
        out.put(',');
        write_json(out, item);
    }
    out.close(at, '[', ']');
}

template <class T, std::size_t I>
void write_field(JsonOut& out, const T& v) {
    const auto& member = v.*(std::get<I>(T::fields).member);
    if constexpr (is_optional<std::remove_cvref_t<decltype(member)>>::value) {
        if (!member) return;
        out.append(FieldKey<T, I>::text);
        write_json(out, *member);
    } else {
        out.append(FieldKey<T, I>::text);
        write_json(out, member);
    }
}
}  // namespace detail

template <class T>
void write_json(JsonOut& out, const std::vector<T>& v) {
    detail::write_json_array(out, v);
}

template <class T>
void write_json(JsonOut& out, const std::set<T>& v) {
    detail::write_json_array(out, v);
}

template <class K, class T>
void write_json(JsonOut& out, const std::map<K, T>& v) {
    const std::size_t at = out.open();
    for (const auto& [k, item] : v) {
        out.put(',');
        write_json_key(out, k);
        out.put(':');
        write_json(out, item);
    }
    out.close(at, '{', '}');
}

template <Described T>
void write_json(JsonOut& out, const T& v) {
    detail::check_complete<T>();
    const std::size_t at = out.open();
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (detail::write_field<T, I>(out, v), ...);
    }
    (detail::field_indices<T>{});
    out.close(at, '{', '}');
}

}  // namespace cordgate::core
