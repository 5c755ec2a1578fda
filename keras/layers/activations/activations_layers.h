// The activations layers (keras.layers).
#pragma once

#include "keras/layers/activations/activation.h"
#include "keras/layers/activations/elu.h"
#include "keras/layers/activations/leaky_relu.h"
#include "keras/layers/activations/prelu.h"
#include "keras/layers/activations/relu.h"
#include "keras/layers/activations/softmax.h"
