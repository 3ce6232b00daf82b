#pragma once
// The codec's encoder as it was before JsonOut, on RapidJSON's Writer: every byte in the logs
// and captures written before 2026-12-01 came from it, so the tests hold JsonOut to it (see
// json_out_test.cpp). Test code only: RapidJSON 1.1.0's SSE2 scan leaves 0x1A-0x1F raw inside
// 16-byte blocks, which is why the product no longer writes with it.

#include <core/codec.hpp>
#include <core/effect.hpp>
#include <core/event.hpp>
#include <core/snowflake.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace cordgate::tests::rapidjson_reference {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;
using core::Described;

inline const std::string& map_key(const std::string& k) {
    return k;
}
inline std::string map_key(std::uint64_t k) {
    return std::to_string(k);
}
inline std::string map_key(const core::Snowflake& s) {
    return s.str();
}

inline void write_value(JsonWriter& w, const core::Snowflake& s) {
    const std::string digits = s.str();
    w.String(digits.data(), static_cast<rapidjson::SizeType>(digits.size()));
}
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
template <core::NamedEnum E>
void write_value(JsonWriter& w, E v) {
    const std::string_view name = core::enum_name(v);
    w.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
}

template <class T>
void write_value(JsonWriter& w, const std::vector<T>& v);
template <class T>
void write_value(JsonWriter& w, const std::set<T>& v);
template <class K, class T>
void write_value(JsonWriter& w, const std::map<K, T>& v);
template <Described T>
void write_value(JsonWriter& w, const T& v);

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
    core::detail::check_complete<T>();
    w.StartObject();
    std::apply(
        [&](const auto&... f) {
            (
                [&] {
                    const auto& member = v.*(f.member);
                    using M = std::remove_cvref_t<decltype(member)>;
                    if constexpr (core::detail::is_optional<M>::value) {
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

template <class T>
std::string write(const T& value) {
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    write_value(w, value);
    return std::string(buffer.GetString(), buffer.GetSize());
}

// The envelope writers as they were before JsonOut.
inline std::string event_with_rapidjson(const core::Event& e) {
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    w.Key("v");
    w.Int(e.v);
    w.Key("origin");
    write_value(w, e.origin);
    w.Key("origin_seq");
    w.Uint64(e.origin_seq);
    w.Key("ts");
    w.Int64(e.ts);
    w.Key("user");
    write_value(w, e.user);
    w.Key("type");
    w.String(e.type());
    w.Key("payload");
    std::visit([&](const auto& alt) { write_value(w, alt); }, e.payload);
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

inline std::string effect_with_rapidjson(const core::Effect& e) {
    rapidjson::StringBuffer buffer;
    JsonWriter w(buffer);
    w.StartObject();
    w.Key("v");
    w.Int(e.v);
    w.Key("id");
    w.Uint64(e.id);
    w.Key("cause");
    w.Uint64(e.cause);
    w.Key("user");
    write_value(w, e.user);
    w.Key("type");
    w.String(e.type());
    w.Key("payload");
    std::visit([&](const auto& alt) { write_value(w, alt); }, e.payload);
    w.EndObject();
    return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace cordgate::tests::rapidjson_reference
