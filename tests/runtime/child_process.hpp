#pragma once
// A child process for tests that need real processes: started with posix_spawn, stopped with a
// signal, always reaped.

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace cordgate::tests {

class ChildProcess {
  public:
    explicit ChildProcess(std::vector<std::string> argv) {
        std::vector<char*> args;
        for (auto& a : argv) args.push_back(a.data());
        args.push_back(nullptr);
        if (posix_spawn(&pid_, args[0], nullptr, nullptr, args.data(), environ) != 0) {
            throw std::runtime_error("cannot start " + argv[0]);
        }
    }
    ~ChildProcess() { stop(SIGKILL); }
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    void signal(int signal) {
        if (pid_ > 0) ::kill(pid_, signal);
    }

    // Sends the signal and waits; returns the wait status (or -1 when already reaped).
    int stop(int signal) {
        if (pid_ <= 0) return -1;
        ::kill(pid_, signal);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return status;
    }

  private:
    pid_t pid_ = -1;
};

}  // namespace cordgate::tests
