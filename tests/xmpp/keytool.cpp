// Test helper: creates a Discord adapter key pair, or opens a sealed token with one, so the
// Python end-to-end tests can check that what the XMPP adapter sealed opens to the token.
//   xmpp_test_keytool create PATH
//   xmpp_test_keytool open PATH SEALED_BASE64

#include <common/sealed_box.hpp>

#include <cstdio>
#include <cstring>
#include <exception>

int main(int argc, char** argv) {
    using namespace cordgate::common;
    try {
        if (argc == 3 && std::strcmp(argv[1], "create") == 0) {
            create_key_pair(argv[2]);
            return 0;
        }
        if (argc == 4 && std::strcmp(argv[1], "open") == 0) {
            std::string clear = open(argv[3], load_key_pair(argv[2]));
            std::printf("%s\n", clear.c_str());
            wipe(clear);
            return 0;
        }
        std::fprintf(stderr, "usage: %s create PATH | open PATH SEALED\n", argv[0]);
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
