#include "keras/utils/rng_utils.h"

#include "keras/core/error.h"
#include "keras/core/random.h"

namespace keras::utils {

void set_random_seed(int64_t seed) {
  if (seed < 0 || seed > int64_t{0xFFFFFFFF})
    throw ValueError(
        str("Expected `seed` argument to be an integer in [0, 2**32 - 1] (Keras "
            "passes it to np.random.seed). Received: seed=",
            seed));
  random::set_global_seed(static_cast<uint64_t>(seed));
}

}  // namespace keras::utils
