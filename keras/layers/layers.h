// Every built-in layer (keras.layers).
#pragma once

#include "keras/layers/core/dense.h"
#include "keras/layers/core/input_layer.h"
#include "keras/layers/keras_tensor.h"
#include "keras/layers/layer.h"
#include "keras/layers/serialization.h"
