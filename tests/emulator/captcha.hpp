#pragma once
// Captcha challenges on chosen user-token actions, shaped as discord-userdoccers
// pages/topics/captcha-handling.mdx describes them: 400 with captcha_key, captcha_service,
// captcha_sitekey, captcha_session_id, captcha_rqdata, captcha_rqtoken. The solved request
// comes back with the solution in X-Captcha-Key and the rqtoken in X-Captcha-Rqtoken.
// The emulator takes hCaptcha's published test pair (docs.hcaptcha.com, "Integration
// Testing: Test Keys"): the site key below and the solution kTestSolution.

#include <tests/emulator/http_types.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace cordgate::tests::emulator {

inline constexpr const char* kCaptchaTestSiteKey = "10000000-ffff-ffff-ffff-000000000001";
inline constexpr const char* kCaptchaTestSolution = "10000000-aaaa-bbbb-cccc-000000000001";

struct CaptchaRule {
    // Route patterns as route_pattern() writes them (`POST /channels/:id/messages`); empty =
    // every request that is not a GET.
    std::vector<std::string> routes;
    int count = 1;  // challenges still to issue
};

class CaptchaGate {
  public:
    void arm(CaptchaRule rule) { rules_.push_back(std::move(rule)); }
    void clear() {
        rules_.clear();
        pending_.clear();
    }

    // nullopt: the request may go on. Otherwise the 400 challenge to answer.
    // `pattern` is the request's route_pattern(); `captcha_key` and `rqtoken` its
    // X-Captcha-Key and X-Captcha-Rqtoken headers ("" when absent).
    std::optional<HttpResponse> check(const std::string& pattern, bool is_get,
                                      const std::string& captcha_key, const std::string& rqtoken);

    std::size_t armed() const { return rules_.size(); }

  private:
    HttpResponse challenge(const char* error);

    std::deque<CaptchaRule> rules_;
    std::set<std::string> pending_;  // rqtokens issued and not yet redeemed
    std::uint64_t next_ = 1;
};

}  // namespace cordgate::tests::emulator
