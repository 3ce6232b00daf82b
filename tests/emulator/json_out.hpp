#pragma once
// A thin fluent wrapper over RapidJSON's writer: the emulator writes a lot of nested Discord
// objects and this keeps each field to one line. Snowflakes always go out as strings.

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace cordgate::tests::emulator {

class JsonOut {
  public:
    JsonOut& obj() { return w_.StartObject(), *this; }
    JsonOut& end() { return w_.EndObject(), *this; }
    JsonOut& arr() { return w_.StartArray(), *this; }
    JsonOut& end_arr() { return w_.EndArray(), *this; }
    JsonOut& key(std::string_view k) {
        w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
        return *this;
    }
    JsonOut& str(std::string_view v) {
        w_.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
        return *this;
    }
    JsonOut& num(std::int64_t v) { return w_.Int64(v), *this; }
    JsonOut& dbl(double v) { return w_.Double(v), *this; }
    JsonOut& boolean(bool v) { return w_.Bool(v), *this; }
    JsonOut& null() { return w_.Null(), *this; }
    JsonOut& snow(std::uint64_t id) { return str(std::to_string(id)); }
    // Snowflake or null when zero (Discord's "absent id").
    JsonOut& snow_or_null(std::uint64_t id) { return id ? snow(id) : null(); }
    JsonOut& str_or_null(std::string_view v) { return v.empty() ? null() : str(v); }
    // Already-serialised JSON, spliced in as a value.
    JsonOut& raw(std::string_view json) {
        w_.RawValue(json.data(), json.size(), rapidjson::kObjectType);
        return *this;
    }

    // Key-value shorthands.
    JsonOut& kv(std::string_view k, std::string_view v) { return key(k).str(v); }
    JsonOut& kv(std::string_view k, const char* v) { return key(k).str(v); }
    JsonOut& kn(std::string_view k, std::int64_t v) { return key(k).num(v); }
    JsonOut& kb(std::string_view k, bool v) { return key(k).boolean(v); }
    JsonOut& ks(std::string_view k, std::uint64_t id) { return key(k).snow(id); }

    std::string take() { return std::string(buf_.GetString(), buf_.GetSize()); }

  private:
    rapidjson::StringBuffer buf_;
    rapidjson::Writer<rapidjson::StringBuffer> w_{buf_};
};

}  // namespace cordgate::tests::emulator
