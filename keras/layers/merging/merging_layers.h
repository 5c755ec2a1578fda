// The merging layers (keras.layers): Add, Subtract, Multiply, Average, Maximum, Minimum,
// Concatenate, Dot, and their functional forms add(), subtract(), ..., dot().
#pragma once

#include "keras/layers/merging/add.h"
#include "keras/layers/merging/average.h"
#include "keras/layers/merging/base_merge.h"
#include "keras/layers/merging/concatenate.h"
#include "keras/layers/merging/dot.h"
#include "keras/layers/merging/maximum.h"
#include "keras/layers/merging/minimum.h"
#include "keras/layers/merging/multiply.h"
#include "keras/layers/merging/subtract.h"
