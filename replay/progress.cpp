#include <replay/progress.hpp>

#include <unistd.h>
#include <cstdio>

namespace cordgate::replay {

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)), enabled_(isatty(STDERR_FILENO) == 1) {}

ProgressBar::~ProgressBar() {
    if (drawn_) std::fputc('\n', stderr);
}

void ProgressBar::update(std::size_t done, std::size_t total) {
    if (!enabled_ || total < 10000) return;  // short runs finish before a bar helps
    constexpr int kWidth = 40;
    int filled = static_cast<int>(kWidth * done / (total ? total : 1));
    std::fprintf(stderr, "\r%s [%.*s%*s] %zu/%zu", label_.c_str(), filled,
                 "########################################", kWidth - filled, "", done, total);
    std::fflush(stderr);
    drawn_ = true;
}

}  // namespace cordgate::replay
