// The reshaping layers (keras.layers).
#pragma once
