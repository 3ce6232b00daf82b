#pragma once
// A progress bar on stderr, drawn only when stderr is a terminal (CI logs stay clean).

#include <cstddef>
#include <string>

namespace cordgate::replay {

class ProgressBar {
  public:
    explicit ProgressBar(std::string label);
    ~ProgressBar();
    void update(std::size_t done, std::size_t total);

  private:
    std::string label_;
    bool enabled_;
    bool drawn_ = false;
};

}  // namespace cordgate::replay
