// The umbrella header: #include "keras/keras.h" gives the whole public API.
#pragma once

#include "keras/backend/backend.h"
#include "keras/config/config.h"
#include "keras/core/dtype.h"
#include "keras/core/error.h"
#include "keras/core/shape.h"
#include "keras/core/tensor.h"
#include "keras/core/variable.h"
#include "keras/graph/gradients.h"
#include "keras/graph/node.h"
#include "keras/graph/program.h"
