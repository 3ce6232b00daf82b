#include <tests/emulator/captcha.hpp>

#include <tests/emulator/json_out.hpp>

#include <algorithm>
#include <cstdio>

namespace cordgate::tests::emulator {

std::optional<HttpResponse> CaptchaGate::check(const std::string& pattern, bool is_get,
                                               const std::string& captcha_key,
                                               const std::string& rqtoken) {
    // A solved challenge passes once, whatever is armed: the user did what was asked.
    if (!captcha_key.empty() && pending_.count(rqtoken)) {
        if (captcha_key != kCaptchaTestSolution) return challenge("invalid-input-response");
        pending_.erase(rqtoken);
        return std::nullopt;
    }
    for (auto it = rules_.begin(); it != rules_.end(); ++it) {
        const bool match = it->routes.empty() ? !is_get
                                              : std::find(it->routes.begin(), it->routes.end(),
                                                          pattern) != it->routes.end();
        if (!match) continue;
        if (--it->count <= 0) rules_.erase(it);
        return challenge(captcha_key.empty() ? "captcha-required" : "invalid-input-response");
    }
    return std::nullopt;
}

HttpResponse CaptchaGate::challenge(const char* error) {
    char token[64];
    std::snprintf(token, sizeof token, "emulator-rqtoken-%llu",
                  static_cast<unsigned long long>(next_));
    char session[64];
    std::snprintf(session, sizeof session, "emulator-captcha-session-%llu",
                  static_cast<unsigned long long>(next_));
    ++next_;
    pending_.insert(token);
    JsonOut j;
    j.obj().key("captcha_key").arr().str(error).end_arr();
    j.kv("captcha_sitekey", kCaptchaTestSiteKey).kv("captcha_service", "hcaptcha");
    j.kv("captcha_session_id", session).kv("captcha_rqdata", "emulator-rqdata");
    j.kv("captcha_rqtoken", token).kb("should_serve_invisible", false).end();
    return HttpResponse::json(400, j.take());
}

}  // namespace cordgate::tests::emulator
