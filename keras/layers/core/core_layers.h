// The core layers (keras.layers core family).
#pragma once

#include "keras/layers/core/dense.h"
#include "keras/layers/core/einsum_dense.h"
#include "keras/layers/core/embedding.h"
#include "keras/layers/core/identity.h"
#include "keras/layers/core/input_layer.h"
#include "keras/layers/core/lambda_layer.h"
#include "keras/layers/core/masking.h"
