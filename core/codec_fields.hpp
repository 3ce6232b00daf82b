#pragma once
// What the codec's readers and writers share: the field lists (field(), Described), the check
// that a list names every member, the constant key texts, and error paths. See codec.hpp.

#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace cordgate::core {

class CodecError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

template <class T, class M>
struct Field {
    const char* name;
    M T::*member;
};

template <class T, class M>
constexpr Field<T, M> field(const char* name, M T::*member) {
    return {name, member};
}

template <class T>
concept Described = requires {
    T::fields;
};

// ---- member counting: a described aggregate must list every member --------------------------

namespace detail {
struct AnyValue {
    template <class U>
    operator U() const;  // never defined: used only in unevaluated brace-init checks
};

template <class T, std::size_t... I>
constexpr bool brace_initializable(std::index_sequence<I...>) {
    return requires {
        T{(void(I), AnyValue{})...};
    };
}

template <class T, std::size_t N = 0>
constexpr std::size_t aggregate_member_count() {
    if constexpr (N > 64) {
        return N;
    } else if constexpr (brace_initializable<T>(std::make_index_sequence<N + 1>{})) {
        return aggregate_member_count<T, N + 1>();
    } else {
        return N;
    }
}

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
constexpr void check_complete() {
    static_assert(
        std::tuple_size_v<std::remove_const_t<decltype(T::fields)>> == aggregate_member_count<T>(),
        "the field list does not name every member of this struct");
}

template <class T>
using field_indices =
    std::make_index_sequence<std::tuple_size_v<std::remove_const_t<decltype(T::fields)>>>;

// A name the encoders can write between quotes as it is (no escape needed).
constexpr bool plain_name(std::string_view name) {
    if (name.empty()) return false;
    for (char c : name) {
        if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
    }
    return true;
}

// prefix + '"' + name + '"' + suffix, as a constant: what JsonOut writes and CanonicalReader
// matches around a name known at compile time.
template <std::size_t N>
struct QuotedName {
    std::array<char, N> chars{};
    constexpr std::string_view view() const { return {chars.data(), N}; }
};
template <std::size_t N>
constexpr QuotedName<N> quoted_name(std::string_view prefix, std::string_view name,
                                    std::string_view suffix) {
    QuotedName<N> out;
    std::size_t i = 0;
    for (char c : prefix) out.chars[i++] = c;
    out.chars[i++] = '"';
    for (char c : name) out.chars[i++] = c;
    out.chars[i++] = '"';
    for (char c : suffix) out.chars[i++] = c;
    return out;
}

// `,"name":` for field I of T: what precedes the field's value (see JsonOut::open()).
template <class T, std::size_t I>
struct FieldKey {
    static constexpr std::string_view name = std::get<I>(T::fields).name;
    static_assert(plain_name(name), "a field name must not need escaping");
    static constexpr auto quoted = quoted_name<name.size() + 4>(",", name, ":");
    static constexpr std::string_view text = quoted.view();
};

// `,"type":"<Alt::type>","payload":`: what precedes a tagged union's payload in an envelope.
template <class Alt>
struct TagPrefix {
    static constexpr std::string_view prefix = ",\"type\":";
    static constexpr std::string_view name = Alt::type;
    static constexpr std::string_view suffix = ",\"payload\":";
    static_assert(plain_name(name), "a type name must not need escaping");
    static constexpr auto quoted =
        quoted_name<prefix.size() + name.size() + suffix.size() + 2>(prefix, name, suffix);
    static constexpr std::string_view text = quoted.view();
};

// Error paths are built only when an error is thrown: a linked list of frames on the stack.
struct Path {
    const Path* parent = nullptr;
    const char* key = nullptr;
    std::size_t index = 0;

    std::string str() const {
        std::string out = parent ? parent->str() : std::string();
        if (key) {
            if (!out.empty()) out += '.';
            out += key;
        } else if (parent) {
            out += '[' + std::to_string(index) + ']';
        }
        return out;
    }
};

[[noreturn]] inline void fail(const Path& path, std::string_view what) {
    std::string where = path.str();
    throw CodecError((where.empty() ? std::string("value") : where) + ": " + std::string(what));
}
}  // namespace detail

}  // namespace cordgate::core
