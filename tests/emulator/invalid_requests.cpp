#include <tests/emulator/invalid_requests.hpp>

namespace cordgate::tests::emulator {

bool InvalidRequests::counts(int status, std::string_view rate_limit_scope) {
    if (status == 401 || status == 403) return true;
    return status == 429 && rate_limit_scope != "shared";
}

bool InvalidRequests::banned(const std::string& address, std::uint64_t now_ms) const {
    auto it = by_address_.find(address);
    return it != by_address_.end() && now_ms < it->second.banned_until_ms;
}

void InvalidRequests::record(const std::string& address, std::uint64_t now_ms) {
    Counter& c = by_address_[address];
    if (c.count == 0 || now_ms >= c.window_start_ms + policy_.window_ms) {
        c.window_start_ms = now_ms;
        c.count = 0;
    }
    ++c.count;
    ++c.total;
    if (c.count > policy_.threshold && now_ms >= c.banned_until_ms) {
        c.banned_until_ms = now_ms + policy_.ban_ms;
        // A fresh window after the ban: the address starts over, as it would at Cloudflare.
        c.count = 0;
    }
}

void InvalidRequests::write(JsonOut& j, std::uint64_t now_ms) const {
    j.obj()
        .kn("threshold", static_cast<std::int64_t>(policy_.threshold))
        .kn("window_ms", static_cast<std::int64_t>(policy_.window_ms))
        .kn("ban_ms", static_cast<std::int64_t>(policy_.ban_ms));
    j.key("addresses").arr();
    for (const auto& [address, c] : by_address_) {
        const bool in_window = c.count > 0 && now_ms < c.window_start_ms + policy_.window_ms;
        const bool is_banned = now_ms < c.banned_until_ms;
        j.obj()
            .kv("address", address)
            .kn("count", in_window ? static_cast<std::int64_t>(c.count) : 0);
        j.kn("total", static_cast<std::int64_t>(c.total)).kb("banned", is_banned);
        j.kn("ban_remaining_ms",
             is_banned ? static_cast<std::int64_t>(c.banned_until_ms - now_ms) : 0);
        j.end();
    }
    j.end_arr().end();
}

HttpResponse cloudflare_ban_response() {
    HttpResponse r;
    r.status = 429;
    r.headers.emplace_back("Content-Type", "text/html; charset=UTF-8");
    r.headers.emplace_back("Server", "cloudflare");
    r.headers.emplace_back("CF-RAY", "0000000000000000-EMU");
    r.body =
        "<!DOCTYPE html>\n<html lang=\"en-US\">\n<head><title>Access denied | discord.com used "
        "Cloudflare to restrict access</title></head>\n<body>\n<div id=\"cf-wrapper\">\n"
        "<h1><span class=\"cf-error-type\">Error</span> <span class=\"cf-error-code\">1015</span>"
        "</h1>\n<h2 class=\"cf-subheadline\">You are being rate limited</h2>\n"
        "<p>The owner of this website (discord.com) has banned you temporarily from accessing "
        "this website.</p>\n</div>\n</body>\n</html>\n";
    return r;
}

}  // namespace cordgate::tests::emulator
