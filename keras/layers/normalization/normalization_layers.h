// The normalization layers (keras.layers).
#pragma once

#include "keras/layers/normalization/batch_normalization.h"
#include "keras/layers/normalization/layer_normalization.h"
#include "keras/layers/normalization/normalization_utils.h"
#include "keras/layers/normalization/unit_normalization.h"
