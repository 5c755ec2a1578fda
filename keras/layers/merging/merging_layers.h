// The merging layers (keras.layers).
#pragma once
