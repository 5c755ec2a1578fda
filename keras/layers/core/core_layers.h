// The core layers (keras.layers core family).
#pragma once

#include "keras/layers/core/dense.h"
#include "keras/layers/core/input_layer.h"
