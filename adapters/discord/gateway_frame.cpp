#include <adapters/discord/gateway_frame.hpp>

namespace cordgate::adapters::discord {

bool parse_gateway_frame(std::string& text, rapidjson::Document& doc) {
    if (text.find('\0') != std::string::npos) return false;
    doc.ParseInsitu(text.data());
    return !doc.HasParseError() && doc.IsObject();
}

}  // namespace cordgate::adapters::discord
