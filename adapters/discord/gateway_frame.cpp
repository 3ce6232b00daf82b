#include <adapters/discord/gateway_frame.hpp>
#include <adapters/discord/json_escapes.hpp>

namespace cordgate::adapters::discord {

bool parse_gateway_frame(std::string& text, rapidjson::Document& doc) {
    if (text.find('\0') != std::string::npos) return false;
    replace_lone_surrogate_escapes(text);
    doc.ParseInsitu(text.data());
    return !doc.HasParseError() && doc.IsObject();
}

FrameHeader read_frame_header(const rapidjson::Document& doc) {
    FrameHeader h;
    if (auto it = doc.FindMember("op"); it != doc.MemberEnd() && it->value.IsInt()) {
        h.op = it->value.GetInt();
    }
    if (auto it = doc.FindMember("s"); it != doc.MemberEnd() && it->value.IsInt64()) {
        h.seq = it->value.GetInt64();
    }
    if (auto it = doc.FindMember("t"); it != doc.MemberEnd() && it->value.IsString()) {
        h.name = std::string_view(it->value.GetString(), it->value.GetStringLength());
    }
    if (auto it = doc.FindMember("d"); it != doc.MemberEnd()) h.d = &it->value;
    return h;
}

}  // namespace cordgate::adapters::discord
