#pragma once
// Running one dispatch through translate_dispatch() and checking what came out.

#include <adapters/discord/translate.hpp>

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace cordgate::adapters::discord::translation_checks {

inline Translation run(std::string_view name, std::string_view json) {
    rapidjson::Document doc;
    doc.Parse(json.data(), json.size());
    EXPECT_FALSE(doc.HasParseError()) << json;
    return translate_dispatch(name, doc);
}

template <class T>
T expect_event(std::string_view name, std::string_view json) {
    Translation t = run(name, json);
    EXPECT_EQ(t.kind, Translation::Kind::event) << t.error;
    if (!t.payload || !std::holds_alternative<T>(*t.payload)) {
        ADD_FAILURE() << name << " did not give the expected type";
        return T{};
    }
    return std::get<T>(*t.payload);
}

// The error of a dispatch that must be refused as malformed.
inline std::string malformed(std::string_view name, std::string_view json) {
    Translation t = run(name, json);
    EXPECT_EQ(t.kind, Translation::Kind::malformed);
    EXPECT_FALSE(t.payload);
    return t.error;
}

}  // namespace cordgate::adapters::discord::translation_checks
