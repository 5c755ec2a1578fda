// A user's one-file program: what tests/public_headers.cmake compiles to list the headers that
// keras/keras.h reaches, and what the README's compile-time figure measures.
#include "keras/keras.h"

int main() {
  keras::Sequential model({keras::layers::Input({20}), keras::layers::Dense(1)});
  return model.count_params() > 0 ? 0 : 1;
}
