#pragma once
// The canonical decoder: read_canonical() for each value type, over a CanonicalReader
// (json_in.hpp). False as soon as the text is not what write_json() writes for the type; the
// caller then decodes the text again with the DOM decoder, which names the error.

#include <core/codec_fields.hpp>
#include <core/json_in.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cordgate::core {

inline bool read_canonical(CanonicalReader& r, std::string& out) {
    return r.string(out);
}
inline bool read_canonical(CanonicalReader& r, bool& out) {
    return r.boolean(out);
}
inline bool read_canonical(CanonicalReader& r, std::int64_t& out) {
    return r.integer(out);
}
inline bool read_canonical(CanonicalReader& r, std::uint64_t& out) {
    return r.integer(out);
}
inline bool read_canonical(CanonicalReader& r, int& out) {
    return r.integer(out);
}

inline bool read_canonical_key(CanonicalReader& r, std::string& out) {
    return r.string(out);
}
inline bool read_canonical_key(CanonicalReader& r, std::uint64_t& out) {
    return r.eat('"') && r.integer(out) && r.eat('"');
}

template <class T>
bool read_canonical(CanonicalReader& r, std::vector<T>& out);
template <class T>
bool read_canonical(CanonicalReader& r, std::set<T>& out);
template <class K, class T>
bool read_canonical(CanonicalReader& r, std::map<K, T>& out);
template <Described T>
bool read_canonical(CanonicalReader& r, T& out);

namespace detail {
template <class T, std::size_t I>
using field_type =
    std::remove_cvref_t<decltype(std::declval<T&>().*(std::get<I>(T::fields).member))>;

// Whether field I can be the first key of the object: only when every field before it is
// optional. Known at compile time, so each key is matched with a constant length (inlined).
template <class T, std::size_t I>
constexpr bool may_be_first() {
    return []<std::size_t... J>(std::index_sequence<J...>) {
        return (is_optional<field_type<T, J>>::value && ...);
    }
    (std::make_index_sequence<I>{});
}

// The field's key, `,"name":` or, first in the object, `"name":`; nothing consumed otherwise.
template <class T, std::size_t I>
bool read_field_key(CanonicalReader& r, bool first) {
    constexpr std::string_view key = FieldKey<T, I>::text;
    const auto with_comma = [&] { return r.bytes<key.size()>(key.data()); };
    const auto without_comma = [&] { return r.bytes<key.size() - 1>(key.data() + 1); };
    if constexpr (I == 0) {
        return without_comma();
    } else if constexpr (!may_be_first<T, I>()) {
        return with_comma();
    } else {
        return first ? without_comma() : with_comma();
    }
}

// A field whose key is not next is absent: fine for an optional, the end of the fast path
// otherwise. `first` is whether no field was read yet (no ',' before the key).
template <class T, std::size_t I>
bool read_field(CanonicalReader& r, T& out, bool& first) {
    auto& member = out.*(std::get<I>(T::fields).member);
    using M = std::remove_cvref_t<decltype(member)>;
    if (!read_field_key<T, I>(r, first)) {
        if constexpr (is_optional<M>::value) {
            member.reset();
            return true;
        } else {
            return false;
        }
    }
    first = false;
    if constexpr (is_optional<M>::value) {
        return read_canonical(r, member.emplace());
    } else {
        return read_canonical(r, member);
    }
}

// Calls read_item for each element of a canonical array.
template <class ReadItem>
bool read_canonical_array(CanonicalReader& r, ReadItem read_item) {
    if (!r.eat('[')) return false;
    if (r.eat(']')) return true;
    do {
        if (!read_item()) return false;
    } while (r.eat(','));
    return r.eat(']');
}
}  // namespace detail

template <class T>
bool read_canonical(CanonicalReader& r, std::vector<T>& out) {
    out.clear();
    return detail::read_canonical_array(r, [&] { return read_canonical(r, out.emplace_back()); });
}

// Canonical sets are in ascending order, so each element goes at the end.
template <class T>
bool read_canonical(CanonicalReader& r, std::set<T>& out) {
    out.clear();
    return detail::read_canonical_array(r, [&] {
        T value{};
        if (!read_canonical(r, value)) return false;
        if (!out.empty() && !out.key_comp()(*out.rbegin(), value)) return false;
        out.emplace_hint(out.end(), std::move(value));
        return true;
    });
}

// Canonical maps are in ascending key order too.
template <class K, class T>
bool read_canonical(CanonicalReader& r, std::map<K, T>& out) {
    out.clear();
    if (!r.eat('{')) return false;
    if (r.eat('}')) return true;
    do {
        K key{};
        if (!read_canonical_key(r, key) || !r.eat(':')) return false;
        if (!out.empty() && !out.key_comp()(out.rbegin()->first, key)) return false;
        auto it = out.emplace_hint(out.end(), std::move(key), T{});
        if (!read_canonical(r, it->second)) return false;
    } while (r.eat(','));
    return r.eat('}');
}

template <Described T>
bool read_canonical(CanonicalReader& r, T& out) {
    if (!r.eat('{')) return false;
    bool first = true;
    const bool fields_read = [&]<std::size_t... I>(std::index_sequence<I...>) {
        return (detail::read_field<T, I>(r, out, first) && ...);
    }
    (detail::field_indices<T>{});
    return fields_read && r.eat('}');
}

}  // namespace cordgate::core
