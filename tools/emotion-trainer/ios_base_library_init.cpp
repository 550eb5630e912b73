// std::ios_base_library_init() arrived in GCC 13's libstdc++; TorchSharp 0.107.0's native library calls it once to
// set up the standard streams. GCC 12 (Debian 12) sets them up itself; this definition keeps the call working.
#include <ios>

namespace std
{
    void ios_base_library_init()
    {
        static ios_base::Init init;
    }
}
