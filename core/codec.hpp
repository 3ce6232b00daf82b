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
// Two encoders and two decoders walk the field lists:
// - encode() writes with JsonOut (json_out.hpp) into a reused buffer. write_value(JsonWriter&)
//   writes the same bytes through RapidJSON; it stays as the way to encode a member type that
//   has no write_json() overload (see "fallbacks" below) and as the tests' reference.
// - decode() first reads with CanonicalReader (json_in.hpp), which accepts exactly the bytes
//   encode() writes and fills the struct in one pass. Anything else — other key orders,
//   whitespace, other escapes, and every error — is decoded again from a RapidJSON DOM by
//   read_value(), which accepts any valid JSON and names the path of what is wrong. Errors and
//   what is accepted are therefore those of the DOM decoder; the fast path only makes the
//   canonical case cheap.

#include <core/json_doc.hpp>
#include <core/json_in.hpp>
#include <core/json_out.hpp>
#include <core/utf8.hpp>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

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

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

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

// ---- encoding ---------------------------------------------------------------------------

inline void write_value(JsonWriter& w, const std::string& v) {
    w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
}
inline void write_value(JsonWriter& w, bool v) {
    w.Bool(v);
}
inline void write_value(JsonWriter& w, std::int64_t v) {
    w.Int64(v);
}
inline void write_value(JsonWriter& w, std::uint64_t v) {
    w.Uint64(v);
}
inline void write_value(JsonWriter& w, int v) {
    w.Int(v);
}

template <class T>
void write_value(JsonWriter& w, const std::vector<T>& v);
template <class T>
void write_value(JsonWriter& w, const std::set<T>& v);
template <class K, class T>
void write_value(JsonWriter& w, const std::map<K, T>& v);
template <Described T>
void write_value(JsonWriter& w, const T& v);

// Map keys: strings as they are; other key types provide map_key()/parse_map_key().
inline const std::string& map_key(const std::string& k) {
    return k;
}
inline bool parse_map_key(std::string_view text, std::string& out) {
    out.assign(text);
    return true;
}
inline std::string map_key(std::uint64_t k) {
    return std::to_string(k);
}
inline bool parse_map_key(std::string_view text, std::uint64_t& out) {
    if (text.empty() || (text.size() > 1 && text[0] == '0')) return false;  // canonical only
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

template <class T>
void write_value(JsonWriter& w, const std::vector<T>& v) {
    w.StartArray();
    for (const auto& item : v) write_value(w, item);
    w.EndArray();
}

// A set is an array in its (sorted) order, which makes it canonical.
template <class T>
void write_value(JsonWriter& w, const std::set<T>& v) {
    w.StartArray();
    for (const auto& item : v) write_value(w, item);
    w.EndArray();
}

template <class K, class T>
void write_value(JsonWriter& w, const std::map<K, T>& v) {
    w.StartObject();
    for (const auto& [k, item] : v) {
        const std::string& key = map_key(k);
        w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
        write_value(w, item);
    }
    w.EndObject();
}

template <Described T>
void write_value(JsonWriter& w, const T& v) {
    detail::check_complete<T>();
    w.StartObject();
    std::apply(
        [&](const auto&... f) {
            (
                [&] {
                    const auto& member = v.*(f.member);
                    using M = std::remove_cvref_t<decltype(member)>;
                    if constexpr (detail::is_optional<M>::value) {
                        if (!member) return;
                        w.Key(f.name);
                        write_value(w, *member);
                    } else {
                        w.Key(f.name);
                        write_value(w, member);
                    }
                }(),
                ...);
        },
        T::fields);
    w.EndObject();
}

// ---- canonical encoding -------------------------------------------------------------------
// The same bytes as write_value(JsonWriter&) above, written with JsonOut.

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

// ---- DOM decoding ----------------------------------------------------------------------

using JsonValue = rapidjson::Value;
using detail::Path;

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

// ---- canonical decoding ------------------------------------------------------------------
// False as soon as the text is not what write_json() writes for this type; see json_in.hpp.

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

// ---- fallbacks ---------------------------------------------------------------------------
// A member type with read_value()/write_value() overloads but no canonical ones still works: it
// is written through RapidJSON, and reading it always takes the DOM decoder. The hot envelopes
// must not need this (envelope.cpp static_asserts it, with has_canonical_codec below).

struct NotCanonical {
    constexpr operator bool() const { return false; }  // read_canonical: "not on the fast path"
};

template <class T>
NotCanonical write_json(JsonOut& out, const T& v) {
    rapidjson::StringBuffer buffer;
    JsonWriter writer(buffer);
    write_value(writer, v);
    out.append(std::string_view(buffer.GetString(), buffer.GetSize()));
    return {};
}
template <class K>
NotCanonical write_json_key(JsonOut& out, const K& k) {
    const std::string& key = map_key(k);
    out.string(key);
    return {};
}
template <class T>
NotCanonical read_canonical(CanonicalReader&, T&) {
    return {};
}
template <class K>
NotCanonical read_canonical_key(CanonicalReader&, K&) {
    return {};
}

namespace detail {
template <class T>
constexpr bool canonical_leaf() {
    using Write = decltype(write_json(std::declval<JsonOut&>(), std::declval<const T&>()));
    using Read = decltype(read_canonical(std::declval<CanonicalReader&>(), std::declval<T&>()));
    return !std::is_same_v<Write, NotCanonical> && !std::is_same_v<Read, NotCanonical>;
}
template <class K>
constexpr bool canonical_key() {
    using Write = decltype(write_json_key(std::declval<JsonOut&>(), std::declval<const K&>()));
    using Read = decltype(read_canonical_key(std::declval<CanonicalReader&>(), std::declval<K&>()));
    return !std::is_same_v<Write, NotCanonical> && !std::is_same_v<Read, NotCanonical>;
}

template <class T>
struct canonical_codec {
    static constexpr bool value = canonical_leaf<T>();
};
template <class T>
struct canonical_codec<std::optional<T>> : canonical_codec<T> {};
template <class T>
struct canonical_codec<std::vector<T>> : canonical_codec<T> {};
template <class T>
struct canonical_codec<std::set<T>> : canonical_codec<T> {};
template <class K, class T>
struct canonical_codec<std::map<K, T>> {
    static constexpr bool value = canonical_key<K>() && canonical_codec<T>::value;
};
template <Described T>
struct canonical_codec<T> {
    static constexpr bool value = [] {
        return std::apply(
            [](const auto&... f) {
                return (canonical_codec<
                            std::remove_cvref_t<decltype(std::declval<T&>().*(f.member))>>::value &&
                        ...);
            },
            T::fields);
    }();
};
}  // namespace detail

// True when every member, at any depth, has canonical overloads: T never needs the fallbacks.
template <class T>
inline constexpr bool has_canonical_codec = detail::canonical_codec<T>::value;

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

}  // namespace cordgate::core

// ---- tagged unions ----------------------------------------------------------------------
// A std::variant whose alternatives each carry `static constexpr const char* type`: the tag
// travels next to the payload ("type": "...", "payload": {...}) in the envelopes.

namespace cordgate::core {

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

template <class Variant>
constexpr bool every_alternative_canonical() {
    return []<std::size_t... I>(std::index_sequence<I...>) {
        return (has_canonical_codec<std::variant_alternative_t<I, Variant>> && ...);
    }
    (std::make_index_sequence<std::variant_size_v<Variant>>{});
}

// Members of an envelope object, read with a clear error when absent or mistyped.
inline const JsonValue& require_member(const JsonValue& obj, const char* name) {
    auto it = obj.FindMember(name);
    if (it == obj.MemberEnd()) throw CodecError(std::string(name) + ": missing");
    return it->value;
}

}  // namespace cordgate::core
