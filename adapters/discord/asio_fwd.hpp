#pragma once
// Declarations of asio's loop and TLS context for the headers that pass them around: only the
// io_*.cpp files include asio itself.

namespace boost::asio {
class io_context;
namespace ssl {
class context;
}
}  // namespace boost::asio
