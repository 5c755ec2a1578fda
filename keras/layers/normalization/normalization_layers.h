// The normalization layers (keras.layers).
#pragma once

#include "keras/layers/axis_arg.h"
#include "keras/layers/normalization/batch_normalization.h"
#include "keras/layers/normalization/layer_normalization.h"
#include "keras/layers/normalization/unit_normalization.h"
