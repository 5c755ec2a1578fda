// Every built-in layer (keras.layers), by family.
#pragma once

#include "keras/layers/activations/activations_layers.h"
#include "keras/layers/core/core_layers.h"
#include "keras/layers/keras_tensor.h"
#include "keras/layers/layer.h"
#include "keras/layers/merging/merging_layers.h"
#include "keras/layers/normalization/normalization_layers.h"
#include "keras/layers/regularization/regularization_layers.h"
#include "keras/layers/reshaping/reshaping_layers.h"
#include "keras/layers/serialization.h"
