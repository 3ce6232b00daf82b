#include <adapters/discord/json_escapes.hpp>
#include <adapters/discord/refusal.hpp>

#include <rapidjson/document.h>

#include <optional>

namespace cordgate::adapters::discord {
namespace {

using core::Refusal;

// Discord's JSON error codes this classifier tells apart.
constexpr int kUnknownChannel = 10003;
constexpr int kUnknownMessage = 10008;
constexpr int kVerificationRequired = 40002;
constexpr int kMissingAccess = 50001;
constexpr int kMissingPermissions = 50013;
constexpr int kInvalidFormBody = 50035;

struct ErrorBody {
    std::optional<int> code;
    std::optional<std::string> message;
    bool captcha = false;
    bool too_long = false;  // an `errors` entry says BASE_TYPE_MAX_LENGTH
    // The first field error's own words ("You are changing your avatar too fast. Try again
    // later."), which say more than the body's "Invalid Form Body".
    std::optional<std::string> field_message;
};

// The first `message` string of an `_errors` entry inside `errors`, depth-first.
std::optional<std::string> first_field_message(const rapidjson::Value& v, int depth = 0) {
    if (depth > 16) return std::nullopt;
    if (v.IsObject()) {
        if (auto it = v.FindMember("message"); it != v.MemberEnd() && it->value.IsString()) {
            return std::string(it->value.GetString(), it->value.GetStringLength());
        }
        for (const auto& m : v.GetObject()) {
            if (auto found = first_field_message(m.value, depth + 1)) return found;
        }
    } else if (v.IsArray()) {
        for (const auto& e : v.GetArray()) {
            if (auto found = first_field_message(e, depth + 1)) return found;
        }
    }
    return std::nullopt;
}

// Whether any `code` string inside `errors` (nested per field, `_errors` arrays) is a length
// error. Bounded by the body's size; the tree is a few levels deep.
bool mentions_max_length(const rapidjson::Value& v, int depth = 0) {
    if (depth > 16) return false;
    if (v.IsObject()) {
        for (const auto& m : v.GetObject()) {
            if (m.value.IsString() && std::string_view(m.name.GetString()) == "code") {
                std::string_view code(m.value.GetString(), m.value.GetStringLength());
                if (code == "BASE_TYPE_MAX_LENGTH") return true;
            }
            if (mentions_max_length(m.value, depth + 1)) return true;
        }
    } else if (v.IsArray()) {
        for (const auto& e : v.GetArray()) {
            if (mentions_max_length(e, depth + 1)) return true;
        }
    }
    return false;
}

ErrorBody read_body(std::string_view body) {
    ErrorBody out;
    const std::string text = repaired_json_text(body);  // the message reaches the user
    rapidjson::Document doc;
    doc.Parse(text.data(), text.size());
    if (doc.HasParseError() || !doc.IsObject()) return out;
    if (auto it = doc.FindMember("code"); it != doc.MemberEnd() && it->value.IsInt()) {
        out.code = it->value.GetInt();
    }
    if (auto it = doc.FindMember("message"); it != doc.MemberEnd() && it->value.IsString()) {
        out.message.emplace(it->value.GetString(), it->value.GetStringLength());
    }
    out.captcha = doc.HasMember("captcha_key");
    if (auto it = doc.FindMember("errors"); it != doc.MemberEnd()) {
        out.too_long = mentions_max_length(it->value);
        out.field_message = first_field_message(it->value);
    }
    return out;
}

std::string with_discords_words(std::string what, const ErrorBody& body) {
    if (body.message && !body.message->empty()) what += " (Discord: \"" + *body.message + "\")";
    return what;
}

}  // namespace

RefusalInfo classify_refusal(int http_status, std::string_view body) {
    if (http_status == 0) {
        return {Refusal::transport, "Discord could not be reached (no answer over the network)"};
    }
    const ErrorBody e = read_body(body);
    const std::string status = "HTTP " + std::to_string(http_status);
    if (http_status == 400 && e.captcha) {
        return {Refusal::captcha,
                "Discord asks for a captcha before it takes this action (" + status + ")"};
    }
    if (e.code == kVerificationRequired) {
        return {Refusal::verification_required,
                with_discords_words("Discord requires you to verify your account (email or "
                                    "phone) in the official app",
                                    e)};
    }
    if (e.code == kInvalidFormBody && e.too_long) {
        return {Refusal::too_long,
                with_discords_words("the message is longer than Discord allows", e)};
    }
    if (e.code == kMissingAccess || e.code == kMissingPermissions || http_status == 403) {
        return {Refusal::forbidden,
                with_discords_words("Discord does not allow this (" + status + ")", e)};
    }
    if (e.code == kUnknownChannel || e.code == kUnknownMessage || http_status == 404) {
        return {
            Refusal::not_found,
            with_discords_words("Discord does not know this chat or message (" + status + ")", e)};
    }
    if (http_status == 429) {
        return {Refusal::rate_limited, "Discord's rate limit held the action back too long"};
    }
    if (http_status >= 500 && http_status <= 599) {
        return {Refusal::server_error,
                with_discords_words("Discord had trouble of its own (" + status + ")", e)};
    }
    ErrorBody words = e;
    if (e.code == kInvalidFormBody && e.field_message) words.message = e.field_message;
    return {Refusal::other,
            with_discords_words("Discord refused the action (" + status + ")", words)};
}

}  // namespace cordgate::adapters::discord
