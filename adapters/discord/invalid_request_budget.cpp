#include <adapters/discord/invalid_request_budget.hpp>

#include <algorithm>

namespace cordgate::adapters::discord {

bool InvalidRequestBudget::counts(int status, std::string_view scope) {
    if (status == 401 || status == 403) return true;
    return status == 429 && scope != "shared";
}

void InvalidRequestBudget::expire(Millis now) {
    while (!per_second_.empty() && per_second_.front().first * 1000 + 1000 <= now - limits_.window) {
        in_window_ -= per_second_.front().second;
        per_second_.pop_front();
    }
}

void InvalidRequestBudget::record(Millis now) {
    expire(now);
    const Millis second = now / 1000;
    if (per_second_.empty() || per_second_.back().first != second) {
        per_second_.emplace_back(second, 0);
    }
    ++per_second_.back().second;
    ++in_window_;
    ++total_;
}

int InvalidRequestBudget::count(Millis now) {
    expire(now);
    return in_window_;
}

Millis InvalidRequestBudget::next_allowed(Millis now) {
    const int used = count(now);
    const int slow = static_cast<int>(limits_.limit * limits_.slow_from);
    const int stop = static_cast<int>(limits_.limit * limits_.stop_at);
    if (used < slow) return now;
    if (used >= stop) {
        // Wait until enough of the oldest seconds have left the window to be under `stop`.
        int left = used;
        for (const auto& [second, n] : per_second_) {
            left -= n;
            if (left < stop) return std::max(now, second * 1000 + 1000 + limits_.window);
        }
        return now;
    }
    // What remains of the budget up to `stop`, spread over a whole window.
    const Millis spacing = limits_.window / std::max(1, stop - used);
    if (last_sent_ < 0) return now;
    return std::max(now, last_sent_ + spacing);
}

}  // namespace cordgate::adapters::discord
