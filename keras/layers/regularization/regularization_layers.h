// The regularization layers (keras.layers).
#pragma once
